namespace Vision.Pipeline.Tracking;

/// <summary>
/// Minimum-cost assignment of rows to columns (Hungarian method with shortest augmenting paths and dual potentials, as in
/// Jonker–Volgenant), O(n²·m). Rectangular matrices assign every row of the smaller side. Ties go to the lowest index,
/// so the result is deterministic. An instance reuses its work buffers; it is not thread-safe.
/// </summary>
public sealed class LinearAssignment
{
    private double[] _rowPotential = [];
    private double[] _columnPotential = [];
    private double[] _minSlack = [];
    private int[] _rowOfColumn = [];
    private int[] _previousColumn = [];
    private bool[] _visited = [];

    /// <summary>Assigns rows to columns at minimum total cost.</summary>
    /// <param name="costs">Row-major <paramref name="rows"/> × <paramref name="columns"/> finite costs.</param>
    /// <param name="columnOfRow">Receives, per row, its column, or -1 when there are more rows than columns and the row is left out.</param>
    /// <returns>The total cost of the assignment.</returns>
    public double Solve(ReadOnlySpan<double> costs, int rows, int columns, Span<int> columnOfRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (costs.Length != rows * columns)
        {
            throw new ArgumentException($"Expected {rows} × {columns} costs, got {costs.Length}.", nameof(costs));
        }

        if (columnOfRow.Length < rows)
        {
            throw new ArgumentException($"Needs room for {rows} rows.", nameof(columnOfRow));
        }

        foreach (var cost in costs)
        {
            if (!double.IsFinite(cost))
            {
                throw new ArgumentException("Costs must be finite.", nameof(costs));
            }
        }

        columnOfRow[..rows].Fill(-1);
        if (rows == 0 || columns == 0)
        {
            return 0;
        }

        // The method needs rows <= columns; otherwise solve the transposed problem.
        var transposed = rows > columns;
        var n = transposed ? columns : rows;
        var m = transposed ? rows : columns;
        EnsureCapacity(n, m);
        SolveShortestAugmentingPaths(costs, columns, transposed, n, m);

        var total = 0.0;
        for (var j = 1; j <= m; j++)
        {
            var i = _rowOfColumn[j];
            if (i == 0)
            {
                continue;
            }

            var (row, column) = transposed ? (j - 1, i - 1) : (i - 1, j - 1);
            columnOfRow[row] = column;
            total += costs[row * columns + column];
        }

        return total;
    }

    // 1-based arrays: index 0 is the virtual start column of each augmenting path.
    private void SolveShortestAugmentingPaths(ReadOnlySpan<double> costs, int stride, bool transposed, int n, int m)
    {
        var u = _rowPotential.AsSpan(0, n + 1);
        var v = _columnPotential.AsSpan(0, m + 1);
        var p = _rowOfColumn.AsSpan(0, m + 1);
        var way = _previousColumn.AsSpan(0, m + 1);
        var minSlack = _minSlack.AsSpan(0, m + 1);
        var visited = _visited.AsSpan(0, m + 1);
        u.Clear();
        v.Clear();
        p.Clear();
        way.Clear();

        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            minSlack.Fill(double.PositiveInfinity);
            visited.Clear();
            do
            {
                visited[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (visited[j])
                    {
                        continue;
                    }

                    var cost = transposed ? costs[(j - 1) * stride + (i0 - 1)] : costs[(i0 - 1) * stride + (j - 1)];
                    var slack = cost - u[i0] - v[j];
                    if (slack < minSlack[j])
                    {
                        minSlack[j] = slack;
                        way[j] = j0;
                    }

                    if (minSlack[j] < delta)
                    {
                        delta = minSlack[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= m; j++)
                {
                    if (visited[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minSlack[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
    }

    private void EnsureCapacity(int n, int m)
    {
        if (_rowPotential.Length < n + 1)
        {
            _rowPotential = new double[n + 1];
        }

        if (_columnPotential.Length < m + 1)
        {
            _columnPotential = new double[m + 1];
            _minSlack = new double[m + 1];
            _rowOfColumn = new int[m + 1];
            _previousColumn = new int[m + 1];
            _visited = new bool[m + 1];
        }
    }
}

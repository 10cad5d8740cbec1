using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Tracking;

public sealed class LinearAssignmentTests
{
    [Fact]
    public void Solve_FindsTheKnownOptimum_OfASquareMatrix()
    {
        double[] costs =
        [
            82, 83, 69, 92,
            77, 37, 49, 92,
            11, 69, 5, 86,
            8, 9, 98, 23,
        ];
        var columnOfRow = new int[4];

        var total = new LinearAssignment().Solve(costs, 4, 4, columnOfRow);

        Assert.Equal(140, total);
        Assert.Equal([2, 1, 0, 3], columnOfRow);
    }

    [Fact]
    public void Solve_AssignsEveryRow_WhenThereAreMoreColumns()
    {
        double[] costs =
        [
            1, 2, 3,
            2, 4, 6,
        ];
        var columnOfRow = new int[2];

        var total = new LinearAssignment().Solve(costs, 2, 3, columnOfRow);

        Assert.Equal(4, total);
        Assert.Equal([1, 0], columnOfRow);
    }

    [Fact]
    public void Solve_LeavesTheCostliestRowOut_WhenThereAreMoreRows()
    {
        double[] costs =
        [
            1, 2,
            2, 4,
            3, 6,
        ];
        var columnOfRow = new int[3];

        var total = new LinearAssignment().Solve(costs, 3, 2, columnOfRow);

        Assert.Equal(4, total);
        Assert.Equal([1, 0, -1], columnOfRow);
    }

    [Fact]
    public void Solve_HandlesNegativeCosts()
    {
        double[] costs =
        [
            -0.9, -0.2,
            -0.8, 0,
        ];
        var columnOfRow = new int[2];

        var total = new LinearAssignment().Solve(costs, 2, 2, columnOfRow);

        Assert.Equal(-1.0, total, 12);
        Assert.Equal([1, 0], columnOfRow);
    }

    [Fact]
    public void Solve_ReturnsNothing_ForAnEmptyMatrix()
    {
        var columnOfRow = new[] { 7, 7 };

        var total = new LinearAssignment().Solve([], 2, 0, columnOfRow);

        Assert.Equal(0, total);
        Assert.Equal([-1, -1], columnOfRow);
    }

    [Fact]
    public void Solve_BreaksTiesTheSameWayEveryTime()
    {
        double[] costs = [1, 1, 1, 1, 1, 1, 1, 1, 1];
        var solver = new LinearAssignment();
        var first = new int[3];
        var second = new int[3];

        solver.Solve(costs, 3, 3, first);
        solver.Solve(costs, 3, 3, second);

        Assert.Equal(first, second);
        Assert.Equal([0, 1, 2], first.Order());
    }

    [Fact]
    public void Solve_Throws_OnNonFiniteCosts()
    {
        double[] costs = [1, double.NaN];

        Assert.Throws<ArgumentException>(() => new LinearAssignment().Solve(costs, 1, 2, new int[1]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    [InlineData(2, 6)]
    [InlineData(6, 4)]
    [InlineData(4, 7)]
    public void Solve_MatchesBruteForce_OnScriptedMatrices(int rows, int columns)
    {
        var solver = new LinearAssignment(); // reused across sizes and matrices on purpose: buffers must not leak state
        var state = (uint)(rows * 31 + columns);
        for (var trial = 0; trial < 20; trial++)
        {
            var costs = new double[rows * columns];
            for (var i = 0; i < costs.Length; i++)
            {
                state = state * 1664525 + 1013904223; // fixed LCG: the same matrices on every run
                costs[i] = (state >> 8) % 1000 / 10.0 - 20;
            }

            var columnOfRow = new int[rows];
            var total = solver.Solve(costs, rows, columns, columnOfRow);

            Assert.Equal(BruteForceMinimum(costs, rows, columns), total, 9);
            Assert.Equal(Math.Min(rows, columns), columnOfRow.Count(c => c >= 0));
            Assert.Equal(columnOfRow.Count(c => c >= 0), columnOfRow.Where(c => c >= 0).Distinct().Count());
            Assert.Equal(total, Enumerable.Range(0, rows).Where(r => columnOfRow[r] >= 0).Sum(r => costs[r * columns + columnOfRow[r]]), 9);
        }
    }

    private static double BruteForceMinimum(double[] costs, int rows, int columns)
    {
        var best = double.PositiveInfinity;
        var used = new bool[columns];
        var skipsLeft = Math.Max(rows - columns, 0);

        void Visit(int row, int skips, double sum)
        {
            if (row == rows)
            {
                best = Math.Min(best, sum);
                return;
            }

            if (skips > 0)
            {
                Visit(row + 1, skips - 1, sum);
            }

            for (var c = 0; c < columns; c++)
            {
                if (!used[c])
                {
                    used[c] = true;
                    Visit(row + 1, skips, sum + costs[row * columns + c]);
                    used[c] = false;
                }
            }
        }

        Visit(0, skipsLeft, 0);
        return best;
    }
}

using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tracking;

/// <summary>
/// ByteTrack's constant-velocity Kalman filter over [cx, cy, aspect, height] and their velocities, with time measured in
/// nominal frames so that irregular capture times and dropped frames predict the right distance. Noise scales with the box
/// height. ByteTrack's noise weights are per frame of 30 fps video; they are converted to the camera's nominal frame so the
/// filter expects the same motion per second at any frame rate (otherwise a 10 fps camera would get a velocity five times
/// stiffer than ByteTrack's, lagging behind walkers that speed up). Allocation-free after construction.
/// </summary>
internal sealed class BoxKalmanFilter
{
    private const int StateSize = 8;
    private const int MeasurementSize = 4;
    private const double PositionStdWeight = 1.0 / 20;
    private const double VelocityStdWeight = 1.0 / 160;
    private const double MinHeight = 1e-3;
    private const double ReferenceFramesPerSecond = 30;

    private readonly double[] _mean = new double[StateSize];
    private readonly double[] _covariance = new double[StateSize * StateSize];

    // Reference frames per nominal frame: a random walk's variance grows with the time step (one factor); a velocity in
    // pixels per nominal frame is this much larger than per reference frame (squared for its variance).
    private readonly double _positionNoiseScale;
    private readonly double _velocityNoiseScale;
    private readonly double _velocityScale;

    public BoxKalmanFilter(double nominalFramesPerSecond)
    {
        _velocityScale = ReferenceFramesPerSecond / nominalFramesPerSecond;
        _positionNoiseScale = _velocityScale;
        _velocityNoiseScale = _velocityScale * _velocityScale * _velocityScale;
    }

    /// <summary>Centre velocity in pixels per nominal frame.</summary>
    public double VelocityX => _mean[4];

    public double VelocityY => _mean[5];

    public BoundingBox Box
    {
        get
        {
            var height = _mean[3];
            var width = _mean[2] * height;
            return BoundingBox.FromCenter((float)_mean[0], (float)_mean[1], (float)width, (float)height);
        }
    }

    public void Initiate(BoundingBox measurement)
    {
        Span<double> z = stackalloc double[MeasurementSize];
        ToMeasurement(measurement, z);
        z.CopyTo(_mean);
        _mean.AsSpan(MeasurementSize).Clear();

        var height = z[3];
        Span<double> std =
        [
            2 * PositionStdWeight * height, 2 * PositionStdWeight * height, 1e-2, 2 * PositionStdWeight * height,
            10 * VelocityStdWeight * height * _velocityScale, 10 * VelocityStdWeight * height * _velocityScale,
            1e-5 * _velocityScale, 10 * VelocityStdWeight * height * _velocityScale,
        ];
        Array.Clear(_covariance);
        for (var i = 0; i < StateSize; i++)
        {
            _covariance[i * StateSize + i] = std[i] * std[i];
        }
    }

    /// <summary>Advances the state by <paramref name="frames"/> nominal frames; process noise grows linearly with the step.</summary>
    /// <param name="holdHeight">Zeroes the height velocity first, as ByteTrack does for tracks that are not currently matched.</param>
    public void Predict(double frames, bool holdHeight)
    {
        if (holdHeight)
        {
            _mean[7] = 0;
        }

        var height = _mean[3];
        var p = _covariance.AsSpan();

        // P = F P Fᵀ with F = [[I, dt·I], [0, I]]: first the rows, then the columns of the position block.
        for (var i = 0; i < MeasurementSize; i++)
        {
            _mean[i] += frames * _mean[i + MeasurementSize];
            for (var j = 0; j < StateSize; j++)
            {
                p[i * StateSize + j] += frames * p[(i + MeasurementSize) * StateSize + j];
            }
        }

        for (var i = 0; i < StateSize; i++)
        {
            for (var j = 0; j < MeasurementSize; j++)
            {
                p[i * StateSize + j] += frames * p[i * StateSize + j + MeasurementSize];
            }
        }

        var positionVariance = frames * _positionNoiseScale * Square(PositionStdWeight * height);
        var velocityVariance = frames * _velocityNoiseScale * Square(VelocityStdWeight * height);
        AddDiagonal(p, 0, positionVariance);
        AddDiagonal(p, 1, positionVariance);
        AddDiagonal(p, 2, frames * _positionNoiseScale * Square(1e-2));
        AddDiagonal(p, 3, positionVariance);
        AddDiagonal(p, 4, velocityVariance);
        AddDiagonal(p, 5, velocityVariance);
        AddDiagonal(p, 6, frames * _velocityNoiseScale * Square(1e-5));
        AddDiagonal(p, 7, velocityVariance);
    }

    public void Update(BoundingBox measurement)
    {
        Span<double> z = stackalloc double[MeasurementSize];
        ToMeasurement(measurement, z);
        var p = _covariance.AsSpan();

        // Innovation covariance S = H P Hᵀ + R, then its Cholesky factor L (S = L Lᵀ, lower triangle kept in l).
        var measurementStd = PositionStdWeight * _mean[3];
        Span<double> noise = [measurementStd * measurementStd, measurementStd * measurementStd, 1e-1 * 1e-1, measurementStd * measurementStd];
        Span<double> l = stackalloc double[MeasurementSize * MeasurementSize];
        for (var i = 0; i < MeasurementSize; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = p[i * StateSize + j] + (i == j ? noise[i] : 0);
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i * MeasurementSize + k] * l[j * MeasurementSize + k];
                }

                l[i * MeasurementSize + j] = i == j ? Math.Sqrt(Math.Max(sum, double.Epsilon)) : sum / l[j * MeasurementSize + j];
            }
        }

        // Kᵀ = S⁻¹ (H P): solve L Lᵀ X = the first four rows of P, column by column.
        Span<double> gainT = stackalloc double[MeasurementSize * StateSize];
        for (var column = 0; column < StateSize; column++)
        {
            for (var i = 0; i < MeasurementSize; i++)
            {
                var sum = p[i * StateSize + column];
                for (var k = 0; k < i; k++)
                {
                    sum -= l[i * MeasurementSize + k] * gainT[k * StateSize + column];
                }

                gainT[i * StateSize + column] = sum / l[i * MeasurementSize + i];
            }

            for (var i = MeasurementSize - 1; i >= 0; i--)
            {
                var sum = gainT[i * StateSize + column];
                for (var k = i + 1; k < MeasurementSize; k++)
                {
                    sum -= l[k * MeasurementSize + i] * gainT[k * StateSize + column];
                }

                gainT[i * StateSize + column] = sum / l[i * MeasurementSize + i];
            }
        }

        Span<double> innovation = stackalloc double[MeasurementSize];
        for (var k = 0; k < MeasurementSize; k++)
        {
            innovation[k] = z[k] - _mean[k];
        }

        for (var i = 0; i < StateSize; i++)
        {
            for (var k = 0; k < MeasurementSize; k++)
            {
                _mean[i] += gainT[k * StateSize + i] * innovation[k];
            }
        }

        // P -= K S Kᵀ, which equals (P Hᵀ) Kᵀ.
        Span<double> rowHead = stackalloc double[MeasurementSize];
        for (var i = 0; i < StateSize; i++)
        {
            p.Slice(i * StateSize, MeasurementSize).CopyTo(rowHead);
            for (var j = 0; j < StateSize; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < MeasurementSize; k++)
                {
                    sum += rowHead[k] * gainT[k * StateSize + j];
                }

                p[i * StateSize + j] -= sum;
            }
        }
    }

    private static void ToMeasurement(BoundingBox box, Span<double> z)
    {
        var height = Math.Max(box.Height, MinHeight);
        z[0] = box.CenterX;
        z[1] = box.CenterY;
        z[2] = Math.Max(box.Width, 0) / height;
        z[3] = height;
    }

    private static double Square(double value) => value * value;

    private static void AddDiagonal(Span<double> p, int index, double value) => p[index * StateSize + index] += value;
}

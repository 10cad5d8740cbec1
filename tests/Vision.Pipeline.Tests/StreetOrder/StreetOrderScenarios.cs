using OpenCvSharp;
using Vision.Pipeline.Tests.Support.Rendering;
using static Vision.Pipeline.Tests.Support.Rendering.StreetOrderClip;

namespace Vision.Pipeline.Tests.StreetOrder;

/// <summary>The street-order clips: what is pasted where and when (frame numbers are the clip's sequences).</summary>
public static class StreetOrderScenarios
{
    /// <summary>Bottom centres of the stall's two bicycles on the left verge.</summary>
    private static readonly Point2f[] Stall = [new(110, 400), new(100, 555)];

    public const int StallSetOutFrame = 8;
    public const int StallTakenAwayFrame = 88;
    public const int BriefStallFirstFrame = 100;
    public const int BriefStallLastFrame = 111;

    /// <summary>
    /// One frame every 15 s for 32.5 minutes. Frames 2–4: the stall's bicycles carried past up the verge (60 px a
    /// frame: a cell is never covered long enough to count). Frames 8–87 (20 minutes): the stall set out and left,
    /// then taken away. Frames 100–111 (3 minutes): set out again briefly. Only the 20-minute stall is a case.
    /// </summary>
    public static Scenario SidewalkStall() => new("sidewalk stall", 130, TimeSpan.FromSeconds(15),
    [
        .. Stall.Select(at => Moving(Bicycle, 2, 4, at, new Point2f(0, -60))),
        .. Stall.Select(at => Still(Bicycle, StallSetOutFrame, StallTakenAwayFrame - 1, at)),
        .. Stall.Select(at => Still(Bicycle, BriefStallFirstFrame, BriefStallLastFrame, at)),
    ]);

    /// <summary>Bottom centres of four parking places along the right kerb.</summary>
    private static readonly float[] ParkingX = [370, 540, 710, 880];

    private static readonly Cutout[] ParkedMotorbikes = [MotorbikeA, MotorbikeB, MotorbikeC, MotorbikeA];

    public const float ParkingY = 550;
    public const int FirstParkedFrame = 10;
    public const int ParkingSpacingFrames = 4;
    public const int LotLeavesFrame = 80;

    /// <summary>
    /// One frame every 15 s for 25 minutes. Frames 2–5: a motorbike stops on the kerb for a minute and rides on.
    /// From frame 10 a motorbike parks every minute (4 in all); all leave at frame 80.
    /// </summary>
    public static Scenario SidewalkParkingLot() => new("sidewalk parking lot", 100, TimeSpan.FromSeconds(15),
    [
        Still(MotorbikeB, 2, 5, new Point2f(620, 470)),
        .. ParkingX.Select((x, i) => Still(ParkedMotorbikes[i], FirstParkedFrame + ParkingSpacingFrames * i, LotLeavesFrame - 1, new Point2f(x, ParkingY))),
    ]);

    public const int HerdFirstFrame = 5;
    public const int HerdLastFrame = 44;

    /// <summary>One frame a second for 80 s: two horses walk down the carriageway together in frames 5–44.</summary>
    public static Scenario HerdOnTheRoad() => new("herd on the road", 80, TimeSpan.FromSeconds(1),
    [
        Moving(HorseA, HerdFirstFrame, HerdLastFrame, new Point2f(400, 300), new Point2f(0, 4)),
        Moving(HorseB, HerdFirstFrame, HerdLastFrame, new Point2f(640, 330), new Point2f(0, 4)),
    ]);
}

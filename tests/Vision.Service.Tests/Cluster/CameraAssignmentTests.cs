using Vision.Service.Cluster;

namespace Vision.Service.Tests.Cluster;

/// <summary>The even spread of cameras over live nodes that every node computes alike.</summary>
public sealed class CameraAssignmentTests
{
    private static readonly string[] Cameras = [.. Enumerable.Range(1, 12).Select(i => $"hue-cam-{i:D2}")];

    [Fact]
    public void Assign_SpreadsCamerasEvenly_OverLiveNodes()
    {
        var assignment = CameraAssignment.Assign(Cameras, ["node-1", "node-2", "node-3"]);
        Assert.Equal(Cameras.Order(), assignment.Keys.Order());
        Assert.All(assignment.Values.GroupBy(node => node), group => Assert.Equal(4, group.Count()));
    }

    [Fact]
    public void Assign_IsTheSame_WhateverOrderNodesAndCamerasComeIn()
    {
        var one = CameraAssignment.Assign(Cameras, ["node-1", "node-2", "node-3"]);
        var other = CameraAssignment.Assign(Cameras.Reverse(), ["node-3", "node-1", "node-2"]);
        Assert.Equal(one.OrderBy(p => p.Key), other.OrderBy(p => p.Key));
    }

    [Fact]
    public void NodeLeaving_SpreadsItsCamerasOverTheOthers_AndJoiningAgain_GivesThemBack()
    {
        var three = CameraAssignment.Assign(Cameras, ["node-1", "node-2", "node-3"]);
        var two = CameraAssignment.Assign(Cameras, ["node-1", "node-2"]);
        Assert.All(two.Values.GroupBy(node => node), group => Assert.Equal(6, group.Count()));
        Assert.DoesNotContain("node-3", two.Values);
        Assert.Equal(three, CameraAssignment.Assign(Cameras, ["node-1", "node-2", "node-3"]));
    }

    [Fact]
    public void Assign_GivesNothing_WithoutLiveNodes() => Assert.Empty(CameraAssignment.Assign(Cameras, []));
}

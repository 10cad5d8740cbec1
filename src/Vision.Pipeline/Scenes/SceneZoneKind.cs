using System.Text.Json.Serialization;

namespace Vision.Pipeline.Scenes;

/// <summary>What a zone of the scene means for the rules.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SceneZoneKind>))]
public enum SceneZoneKind
{
    /// <summary>The carriageway: animals here are reported.</summary>
    Road,

    /// <summary>Pavement: vehicles riding or parked here are reported.</summary>
    Sidewalk,

    /// <summary>No parking: a vehicle stationary longer than the zone's MaxDwell is reported.</summary>
    NoParking,

    /// <summary>No stopping: a vehicle stationary longer than the zone's (short) MaxDwell is reported.</summary>
    NoStopping,
}

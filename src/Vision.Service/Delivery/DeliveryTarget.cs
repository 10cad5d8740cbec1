namespace Vision.Service.Delivery;

/// <summary>Where reports go.</summary>
public enum DeliveryTarget
{
    /// <summary>Nowhere yet: reports wait in the outbox until a target is configured.</summary>
    None,

    /// <summary>An Open311 GeoReport v2 endpoint (POST {base}/requests.json).</summary>
    Open311,

    /// <summary>A JSON webhook (POST to the URL).</summary>
    Webhook,
}

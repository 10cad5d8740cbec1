namespace Vision.Pipeline.Imaging;

/// <summary>An encoded image Vision will not decode, with a message fit to show the sender.</summary>
public sealed record ImageRejection(ImageRejectionReason Reason, string Message, ImageHeader? Header = null);

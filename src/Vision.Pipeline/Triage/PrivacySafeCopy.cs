namespace Vision.Pipeline.Triage;

/// <summary>The publishable JPEG of a citizen photo and how many faces and plates were obscured in it.</summary>
public sealed record PrivacySafeCopy(byte[] Jpeg, int FacesObscured, int PlatesObscured);

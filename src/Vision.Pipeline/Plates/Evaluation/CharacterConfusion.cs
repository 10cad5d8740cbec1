namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>A label character read as another (<c>'\0'</c>: missing on one side), and how often.</summary>
public sealed record CharacterConfusion(char Expected, char Read, int Count)
{
    public override string ToString() => $"{Show(Expected)}→{Show(Read)} ×{Count}";

    private static string Show(char character) => character == '\0' ? "∅" : character.ToString();
}

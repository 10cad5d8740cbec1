namespace Vision.Storage.Accounts;

/// <summary>Whether a password matches its stored hash, and whether the hash should be written again in the current format.</summary>
public enum PasswordCheck
{
    Failed,
    Success,
    SuccessRehashNeeded,
}

namespace Vision.Storage.Accounts;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user or wrong password (the two are not told apart).</summary>
    InvalidCredentials,

    /// <summary>Too many failed attempts: refused until <see cref="SignInResult.LockedUntil"/>, whatever the password.</summary>
    LockedOut,

    /// <summary>The password was right but an administrator disabled the account.</summary>
    Disabled,
}

/// <summary>The outcome of one sign-in attempt; <see cref="Account"/> is set when signed in.</summary>
public sealed record SignInResult(SignInOutcome Outcome, LocalAccount? Account = null, DateTimeOffset? LockedUntil = null);

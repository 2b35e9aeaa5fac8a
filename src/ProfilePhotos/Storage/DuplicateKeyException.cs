namespace ProfilePhotos.Storage;

/// <summary>A store refused a write because a unique value is already taken; every backend throws this one.</summary>
public sealed class DuplicateKeyException(string message, Exception? inner = null) : Exception(message, inner);

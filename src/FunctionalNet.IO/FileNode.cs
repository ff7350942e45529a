using System.Runtime.InteropServices;

namespace FunctionalNet.IO;

/// <summary>What a path names, as <c>lstat</c>/<c>stat</c> report it (.NET exposes no file type beyond directory and link).</summary>
internal enum FileNodeKind
{
    /// <summary>Nothing: the path does not exist (or a link leads nowhere).</summary>
    Missing,

    /// <summary>A regular file: the only kind an atomic rename may replace.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    Link,

    /// <summary>A character device (<c>/dev/null</c>, a terminal, <c>/dev/full</c>).</summary>
    CharacterDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A block device, socket or anything else: never written.</summary>
    Other,
}

/// <summary>
/// The kind of file a path names. Linux is asked through <c>statx</c>, whose buffer layout is the same on every
/// architecture (<c>struct stat</c>'s is not); macOS through <c>stat</c>/<c>lstat</c>, whose <c>st_mode</c> sits at
/// byte 4 in both its layouts. Elsewhere (Windows) only the kinds .NET itself reports are told apart.
/// </summary>
internal static partial class FileNode
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 1;
    private const int ModeOffsetLinux = 28;
    private const int ModeOffsetMac = 4;

    /// <summary>What <paramref name="path"/> itself is (a link is reported as <see cref="FileNodeKind.Link"/>).</summary>
    public static FileNodeKind Of(string path) => Kind(path, follow: false);

    /// <summary>What <paramref name="path"/> leads to after every link is followed.</summary>
    public static FileNodeKind Followed(string path) => Kind(path, follow: true);

    private static FileNodeKind Kind(string path, bool follow)
    {
        // The .NET call that follows refuses these names itself; the marshaller would cut the name at a NUL.
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal)) return FileNodeKind.Missing;
        if (OperatingSystem.IsLinux()) return FromMode(Linux(path, follow));
        if (OperatingSystem.IsMacOS()) return FromMode(Mac(path, follow));
        return Managed(path, follow);
    }

    // A path that leads nowhere is missing; any other refusal (permission, a name too long, a loop of links) is met
    // again, and reported in .NET's words, by the open or rename that follows.
    private static unsafe int? Linux(string path, bool follow)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, follow ? 0 : AtSymlinkNoFollow, StatxType, buffer) == 0) return *(ushort*)(buffer + ModeOffsetLinux);
        return null;
    }

    private static unsafe int? Mac(string path, bool follow)
    {
        byte* buffer = stackalloc byte[512];
        if ((follow ? Stat(path, buffer) : LStat(path, buffer)) == 0) return *(ushort*)(buffer + ModeOffsetMac);
        return null;
    }

    private static FileNodeKind FromMode(int? mode) => mode switch
    {
        null => FileNodeKind.Missing,
        _ => (mode.Value & 0xF000) switch
        {
            0x8000 => FileNodeKind.Regular,
            0x4000 => FileNodeKind.Directory,
            0xA000 => FileNodeKind.Link,
            0x2000 => FileNodeKind.CharacterDevice,
            0x1000 => FileNodeKind.Fifo,
            _ => FileNodeKind.Other,
        },
    };

    private static FileNodeKind Managed(string path, bool follow)
    {
        var info = new FileInfo(path);
        if (!follow && info.LinkTarget is not null) return FileNodeKind.Link;
        if (Directory.Exists(path)) return FileNodeKind.Directory;
        return File.Exists(path) ? FileNodeKind.Regular : FileNodeKind.Missing;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int LStat(string path, byte* buffer);
}

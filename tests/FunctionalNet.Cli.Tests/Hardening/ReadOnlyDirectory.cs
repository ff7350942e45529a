using System.Diagnostics;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Makes a directory unwritable for the test's duration: mode 0555, and for root (whom modes do not stop) the
/// ext4 immutable attribute. Throws if neither works, so a test built on it cannot pass vacuously.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ReadOnlyDirectory : IDisposable
{
    private readonly string path;
    private readonly UnixFileMode mode;
    private bool immutable;

    public ReadOnlyDirectory(string path)
    {
        this.path = path;
        mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (Writable())
        {
            immutable = Chattr("+i");
            if (!immutable || Writable())
            {
                Dispose();
                throw new InvalidOperationException($"cannot make {path} read-only here (mode 0555 and chattr +i both failed)");
            }
        }
    }

    public void Dispose()
    {
        if (immutable) immutable = !Chattr("-i");
        File.SetUnixFileMode(path, mode);
    }

    private bool Writable()
    {
        string probe = Path.Combine(path, ".probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private bool Chattr(string flag)
    {
        var info = new ProcessStartInfo("chattr") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(flag);
        info.ArgumentList.Add(path);
        try
        {
            using var p = Process.Start(info)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr on this system
        }
    }
}

using System.Runtime.InteropServices;

namespace FunctionalNet.Mpi;

/// <summary>
/// The few MPI functions a data-parallel run needs, bound at run time to the MPI library the machine has, so nothing is
/// required until a run asks for it. Open MPI and MPICH share the C API but not its handles: Open MPI's communicators
/// and datatypes are addresses of exported globals, MPICH's are fixed integers (mpi.h), both passed as one register.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    /// <summary>The names tried in order: Open MPI 4–5, MPICH 3–4 (and its derivatives), then whatever libmpi.so is.</summary>
    public static readonly string[] Names = ["libmpi.so.40", "libmpi.so.12", "libmpi.so"];

    // MPICH's MPI_COMM_WORLD and MPI_BYTE from its mpi.h.
    private const long MpichCommWorld = 0x44000000, MpichByte = 0x4c00010d;

    private const int RtldNow = 2, RtldGlobal = 0x100;

    private MpiLibrary(string name, nint handle)
    {
        Name = name;
        bool openMpi = NativeLibrary.TryGetExport(handle, "ompi_mpi_comm_world", out var world);
        CommWorld = openMpi ? world : (nint)MpichCommWorld;
        Byte = openMpi ? NativeLibrary.GetExport(handle, "ompi_mpi_byte") : (nint)MpichByte;
        Initialized = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(handle, "MPI_Initialized");
        Init = (delegate* unmanaged<int*, byte***, int>)NativeLibrary.GetExport(handle, "MPI_Init");
        Finalized = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(handle, "MPI_Finalized");
        CommRank = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(handle, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(handle, "MPI_Comm_size");
        Isend = (delegate* unmanaged<void*, int, nint, int, int, nint, nint*, int>)NativeLibrary.GetExport(handle, "MPI_Isend");
        Irecv = (delegate* unmanaged<void*, int, nint, int, int, nint, nint*, int>)NativeLibrary.GetExport(handle, "MPI_Irecv");
        Test = (delegate* unmanaged<nint*, int*, void*, int>)NativeLibrary.GetExport(handle, "MPI_Test");
        Barrier = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(handle, "MPI_Barrier");
        Abort = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(handle, "MPI_Abort");
        Finalize = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "MPI_Finalize");
    }

    /// <summary>The library's file name, as found.</summary>
    public string Name { get; }

    /// <summary>MPI_COMM_WORLD.</summary>
    public nint CommWorld { get; }

    /// <summary>MPI_BYTE.</summary>
    public nint Byte { get; }

    public delegate* unmanaged<int*, int> Initialized { get; }

    public delegate* unmanaged<int*, byte***, int> Init { get; }

    public delegate* unmanaged<int*, int> Finalized { get; }

    public delegate* unmanaged<nint, int*, int> CommRank { get; }

    public delegate* unmanaged<nint, int*, int> CommSize { get; }

    // A request is a pointer in Open MPI and an int in MPICH: each lives in an nint of its own (MPICH uses its low half).
    public delegate* unmanaged<void*, int, nint, int, int, nint, nint*, int> Isend { get; }

    public delegate* unmanaged<void*, int, nint, int, int, nint, nint*, int> Irecv { get; }

    // The status is a caller's buffer (MPI_STATUS_IGNORE is 0 in Open MPI but 1 in MPICH); StatusBytes covers both.
    public delegate* unmanaged<nint*, int*, void*, int> Test { get; }

    /// <summary>Bytes enough for an MPI_Status of Open MPI (24) or MPICH (20).</summary>
    public const int StatusBytes = 64;

    public delegate* unmanaged<nint, int> Barrier { get; }

    public delegate* unmanaged<nint, int, int> Abort { get; }

    public delegate* unmanaged<int> Finalize { get; }

    /// <summary>The first of <see cref="Names"/> that loads and has every function, or null with why not.</summary>
    public static MpiLibrary? Load(out string? problem)
    {
        var reasons = new List<string>();
        foreach (string name in Names)
        {
            // Open MPI dlopens its components, which look for libmpi's symbols globally: load it RTLD_GLOBAL first.
            if (OperatingSystem.IsLinux() && dlopen(name, RtldNow | RtldGlobal) == 0)
            {
                reasons.Add($"{name}: not found");
                continue;
            }
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                reasons.Add($"{name}: not found");
                continue;
            }
            try
            {
                problem = null;
                return new MpiLibrary(name, handle);
            }
            catch (EntryPointNotFoundException e)
            {
                reasons.Add($"{name}: {e.Message}");
            }
        }
        problem = string.Join("; ", reasons);
        return null;
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern nint dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);
}

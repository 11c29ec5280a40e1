using System.Runtime.InteropServices;

namespace CodexOtel.Importing;

/// <summary>What a path names, following symbolic links.</summary>
internal enum FileKind
{
    /// <summary>Not known: the path does not exist, or this system cannot say (then it is treated as a file).</summary>
    Unknown,
    Regular,
    Directory,

    /// <summary>A named pipe, device or socket: reading one can wait for ever (a pipe with no writer) or never end.</summary>
    Special,
}

/// <summary>
/// Tells files from named pipes, devices and sockets, which .NET does not: <see cref="File.Exists(string)"/> is true for
/// all of them, and opening a pipe that nobody writes to blocks in <c>open()</c> itself. Linux's statx has the same
/// layout on every architecture; elsewhere the kind is <see cref="FileKind.Unknown"/>.
/// </summary>
internal static partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKind.Unknown;
        }

        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return FileKind.Unknown;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return FileKind.Unknown; // a C library older than statx (glibc 2.28)
        }

        return (MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]) & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Special,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}

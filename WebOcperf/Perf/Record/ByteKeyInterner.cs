using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WebOcperf.Perf.Record;

/// <summary>
/// Maps byte sequences to dense ids 0, 1, 2, … without allocating per lookup: keys are copied once into one arena
/// and found again by an open-addressing table. This is what lets the parser look up a frame or a whole call stack
/// straight from the bytes of <c>perf script</c> output instead of building a string per line.
/// </summary>
internal sealed class ByteKeyInterner
{
    private byte[] _arena = new byte[64 * 1024];
    private int _arenaLength;
    private int[] _keyOffsets = new int[1024];
    private int[] _keyLengths = new int[1024];
    private ulong[] _keyHashes = new ulong[1024];
    // Slot value is id + 1 so that a zeroed array means "empty".
    private int[] _slots = new int[4096];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<byte> KeyOf(int id) => _arena.AsSpan(_keyOffsets[id], _keyLengths[id]);

    /// <summary>Returns the id of <paramref name="key"/>; <paramref name="added"/> tells whether it was new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<byte> key, out bool added)
    {
        var hash = Hash(key);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }
            var id = entry - 1;
            if (_keyHashes[id] == hash && key.SequenceEqual(KeyOf(id)))
            {
                added = false;
                return id;
            }
            slot = (slot + 1) & mask;
        }

        added = true;
        var newId = Append(key, hash);
        _slots[slot] = newId + 1;
        if (_count * 2 > _slots.Length)
        {
            Rehash();
        }
        return newId;
    }

    /// <summary>Looks <paramref name="key"/> up without adding it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryFind(ReadOnlySpan<byte> key, out int id)
    {
        var hash = Hash(key);
        var mask = _slots.Length - 1;
        for (var slot = (int)hash & mask; _slots[slot] != 0; slot = (slot + 1) & mask)
        {
            id = _slots[slot] - 1;
            if (_keyHashes[id] == hash && key.SequenceEqual(KeyOf(id)))
            {
                return true;
            }
        }
        id = -1;
        return false;
    }

    public int Intern(ReadOnlySpan<int> key, out bool added) => Intern(MemoryMarshal.AsBytes(key), out added);

    public ReadOnlySpan<int> IntKeyOf(int id) => MemoryMarshal.Cast<byte, int>(KeyOf(id));

    private int Append(ReadOnlySpan<byte> key, ulong hash)
    {
        if (_arenaLength + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
        }
        key.CopyTo(_arena.AsSpan(_arenaLength));
        if (_count == _keyOffsets.Length)
        {
            Array.Resize(ref _keyOffsets, _count * 2);
            Array.Resize(ref _keyLengths, _count * 2);
            Array.Resize(ref _keyHashes, _count * 2);
        }
        _keyOffsets[_count] = _arenaLength;
        _keyLengths[_count] = key.Length;
        _keyHashes[_count] = hash;
        _arenaLength += key.Length;
        return _count++;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var slot = (int)_keyHashes[id] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _slots[slot] = id + 1;
        }
    }

    /// <summary>
    /// A multiply-rotate hash over 8-byte words. Keys come from perf's own output, not from an adversary, so speed
    /// matters more than resistance to crafted collisions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> key)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        var hash = (ulong)key.Length * Multiplier;
        var index = 0;
        for (; index + 8 <= key.Length; index += 8)
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key[index..])) * Multiplier, 29);
        }
        if (index < key.Length && key.Length >= 8)
        {
            // The last word overlaps the previous one, which is cheaper than a byte loop and still covers every byte.
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key[^8..])) * Multiplier, 29);
        }
        else if (index < key.Length)
        {
            ulong tail = 0;
            for (var shift = 0; index < key.Length; index++, shift += 8)
            {
                tail |= (ulong)key[index] << shift;
            }
            hash = BitOperations.RotateLeft((hash ^ tail) * Multiplier, 29);
        }
        hash ^= hash >> 32;
        hash *= Multiplier;
        return hash ^ (hash >> 29);
    }
}

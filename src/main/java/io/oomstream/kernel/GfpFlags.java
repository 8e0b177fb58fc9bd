package io.oomstream.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a gfp mask into flag names. From 4.5 the kernel prints the names itself
 * ({@code 0x14200ca(GFP_HIGHUSER_MOVABLE)}) and those are used as printed. Older kernels
 * print only hex; their low bits kept one meaning from 2.6.0 to 4.4, which is decoded here.
 * Bits whose meaning changed between releases are reported as a hex remainder, not guessed.
 */
public final class GfpFlags {

    /** 2.6.x - 4.4 bit values (include/linux/gfp.h), stable over that range. */
    private static final Map<Integer, String> LEGACY_BITS = new LinkedHashMap<>();

    static {
        LEGACY_BITS.put(0x01, "__GFP_DMA");
        LEGACY_BITS.put(0x02, "__GFP_HIGHMEM");
        LEGACY_BITS.put(0x04, "__GFP_DMA32");
        LEGACY_BITS.put(0x08, "__GFP_MOVABLE");
        LEGACY_BITS.put(0x10, "__GFP_WAIT");
        LEGACY_BITS.put(0x20, "__GFP_HIGH");
        LEGACY_BITS.put(0x40, "__GFP_IO");
        LEGACY_BITS.put(0x80, "__GFP_FS");
        LEGACY_BITS.put(0x100, "__GFP_COLD");
        LEGACY_BITS.put(0x200, "__GFP_NOWARN");
        LEGACY_BITS.put(0x400, "__GFP_REPEAT");
        LEGACY_BITS.put(0x800, "__GFP_NOFAIL");
        LEGACY_BITS.put(0x1000, "__GFP_NORETRY");
        LEGACY_BITS.put(0x4000, "__GFP_COMP");
        LEGACY_BITS.put(0x8000, "__GFP_ZERO");
        LEGACY_BITS.put(0x10000, "__GFP_NOMEMALLOC");
        LEGACY_BITS.put(0x20000, "__GFP_HARDWALL");
        LEGACY_BITS.put(0x40000, "__GFP_THISNODE");
    }

    private GfpFlags() {
    }

    /**
     * Flag names for a mask: the printed names when the kernel gave them, else the legacy
     * decoding (plus {@code 0x...} for bits whose meaning is not stable). Null for a null mask.
     */
    public static List<String> decode(final String hexMask, final String printedNames, final KernelEra era) {
        if (printedNames != null) {
            final List<String> names = new ArrayList<>();
            for (final String n : printedNames.split("\\|")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            return names;
        }
        if (hexMask == null) {
            return null;
        }
        if (era != null && era.ordinal() >= KernelEra.E5.ordinal()) {
            return null; // 5.x+ always prints names; a bare mask there is an unknown layout
        }
        final long mask;
        try {
            mask = Long.parseLong(hexMask.substring(2), 16);
        } catch (final RuntimeException e) {
            return null;
        }
        final List<String> names = new ArrayList<>();
        long rest = mask;
        for (final Map.Entry<Integer, String> bit : LEGACY_BITS.entrySet()) {
            if ((mask & bit.getKey()) != 0) {
                names.add(bit.getValue());
                rest &= ~bit.getKey();
            }
        }
        if (rest != 0) {
            names.add("0x" + Long.toHexString(rest));
        }
        return names;
    }
}

package dev.transform.compress;

/** Recognises a format from the first bytes of its data (its magic number). */
@FunctionalInterface
public interface Sniffer {

    /** The most bytes any sniffer looks at (the snappy framing format's stream identifier is 10). */
    int HEAD_LENGTH = 10;

    /** Whether {@code head[0, length)}, the first bytes of the input (fewer only if the input is shorter), are this format's. */
    boolean matches(byte[] head, int length);

    /** A sniffer for a fixed magic number at the start. */
    static Sniffer prefix(int... magic) {
        return (head, length) -> {
            if (length < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((head[i] & 0xff) != magic[i]) {
                    return false;
                }
            }
            return true;
        };
    }

    /** This sniffer or {@code other}. */
    default Sniffer or(Sniffer other) {
        return (head, length) -> matches(head, length) || other.matches(head, length);
    }
}

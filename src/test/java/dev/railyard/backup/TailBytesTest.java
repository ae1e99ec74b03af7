package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBytesTest {

    @Test
    void keepsTheLastBytesWhateverThePieces() {
        TailBytes tail = new TailBytes(8);
        assertEquals("", text(tail));
        add(tail, "abc");
        assertEquals("abc", text(tail));
        add(tail, "defgh");
        assertEquals("abcdefgh", text(tail));
        add(tail, "ij");
        assertEquals("cdefghij", text(tail));
        add(tail, "0123456789");
        assertEquals("23456789", text(tail));
        byte[] framed = "xxEND--yy".getBytes(StandardCharsets.US_ASCII);
        tail.add(framed, 2, 5);
        assertEquals("789END--", text(tail));
    }

    private static void add(TailBytes tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        tail.add(bytes, 0, bytes.length);
    }

    private static String text(TailBytes tail) {
        return new String(tail.bytes(), StandardCharsets.US_ASCII);
    }
}

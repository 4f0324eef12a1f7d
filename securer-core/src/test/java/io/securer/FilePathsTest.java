package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FilePathsTest {
    private static String refused(String path) {
        return assertThrows(IllegalArgumentException.class, () -> FilePaths.check(path)).getMessage();
    }

    @Test
    void relativePlainPathsPass() {
        assertEquals("a.csv", FilePaths.check("a.csv"));
        assertEquals("out/plots/p 1.png", FilePaths.check("out/plots/p 1.png"));
        assertEquals(".hidden", FilePaths.check(".hidden"));
    }

    @Test
    void emptyAbsoluteParentAndOddPathsAreRefused() {
        assertEquals("a file path must not be empty", refused(""));
        assertEquals("a file path must not be empty", refused(null));
        assertEquals("file path '/etc/passwd' is absolute; paths are relative to R's working directory", refused("/etc/passwd"));
        assertEquals("file path '~/x' is absolute; paths are relative to R's working directory", refused("~/x"));
        for (String p : new String[] {"..", "../x", "a/../../x", "a//b", "a/", "./a", "a/./b"}) {
            assertEquals("file path '" + p + "' must be plain names separated by '/', without '.', '..' or empty parts",
                    refused(p), p);
        }
        assertEquals("file path holds a NUL character", refused("a\0b"));
        assertEquals("file path is longer than 1024 characters", refused("a".repeat(1025)));
    }
}

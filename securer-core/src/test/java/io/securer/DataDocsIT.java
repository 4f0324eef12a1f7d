package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of docs/sessions-and-tools.md §13–15, run for real in sandboxed sessions
 * (DocsSnippetsTest checks the docs quote them verbatim).
 */
class DataDocsIT {
    private static SecureSession sandboxed() {
        RTestSupport.requireR();
        return SecureSession.builder().sandbox(true).sandboxStrict(true).build();
    }

    @Test
    void dataFramesInAndOut() {
        try (SecureSession s = sandboxed()) {
            DataFrame sales = DataFrame.builder()
                    .column("month", new String[] {"Jan", "Feb", null})          // null is NA
                    .column("amount", new double[] {100.5, DataFrame.NA_DOUBLE, 3})
                    .column("day", new LocalDate[] {LocalDate.of(2024, 1, 31), null, LocalDate.of(2024, 3, 31)})
                    .build();
            s.assign("sales", sales);                                  // a data.frame in R's global environment
            DataFrame back = s.getDataFrame("subset(sales, !is.na(amount))");   // any expression yielding a data.frame
            assertEquals(2, back.rowCount());
            assertEquals(List.of("Jan", "NA"), java.util.Arrays.stream(back.strings("month"))
                    .map(m -> m == null ? "NA" : m).toList());
        }
    }

    @Test
    void filesInAndOut() {
        try (SecureSession s = sandboxed()) {
            byte[] csvBytes = "month,amount\nJan,100\nFeb,150\n".getBytes(StandardCharsets.UTF_8);
            s.files().write("uploads/sales.csv", csvBytes);          // or write(path, Path source)
            s.execute("d <- read.csv('uploads/sales.csv'); write.csv(summary(d), 'summary.csv')");
            byte[] out = s.files().read("summary.csv");              // or read(path, Path target)
            List<SessionFile> all = s.files().list();                // [SessionFile[path=summary.csv, size=…], …]
            s.files().delete("uploads/sales.csv");
            assertEquals(out.length, all.stream().filter(f -> f.path().equals("summary.csv")).findFirst()
                    .orElseThrow().size());
            assertEquals(List.of("summary.csv"), s.files().list().stream().map(SessionFile::path).toList());
        }
    }

    @Test
    void snapshotsMoveAWorkspace() throws Exception {
        try (SecureSession a = sandboxed(); SecureSession b = sandboxed()) {
            a.execute("model <- lm(dist ~ speed, cars)");
            SessionSnapshot snap = a.snapshot();        // objects of the global environment, and the working directory's files
            byte[] stored = snap.toBytes();             // opaque bytes for a store (or snap.writeTo(outputStream))
            b.restore(SessionSnapshot.readFrom(new ByteArrayInputStream(stored)));   // replaces b's objects (its tools stay)
            assertEquals(4, b.execute("round(coef(model)[['speed']])").value().asInt());
        }
    }
}

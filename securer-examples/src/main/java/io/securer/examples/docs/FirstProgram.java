// tag::first-program[]
package io.securer.examples.docs;

import io.securer.ArgType;
import io.securer.ExecutionResult;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.util.List;
import java.util.Map;

public final class FirstProgram {
    public static void main(String[] args) {
        // Java code R may call. Returned lists of maps arrive in R as a data.frame.
        SecurerTool sales = SecurerTool.builder("get_sales")
                .description("Monthly sales of one region")
                .arg("region", ArgType.CHARACTER)
                .handler(a -> List.of(
                        Map.of("month", "2025-01", "amount", 1200),
                        Map.of("month", "2025-02", "amount", 1500)))
                .build();

        try (SecureSession session = SecureSession.builder()
                .tool(sales)
                .sandbox(true)                       // bubblewrap on Linux; default limits apply
                .build()) {
            System.out.println(session);             // SecureSession[running pid=... sandbox=bubblewrap tools=1]

            ExecutionResult r = session.execute("s <- get_sales('EU'); sum(s$amount)");
            System.out.println(r.printed());         // [1] 2700
            System.out.println(r.value().asInt());   // 2700, as JSON
            System.out.println(r.toolCalls());       // 1

            session.execute("s$amount[1]");          // variables persist between calls
            try {
                session.execute("stop('no data for ', 'APAC')");
            } catch (RExecutionException e) {
                System.out.println(e.rMessage());    // no data for APAC
            }
        }                                            // close() stops R and removes its temp files
    }
}
// end::first-program[]

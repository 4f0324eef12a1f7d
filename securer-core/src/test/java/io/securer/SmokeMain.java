package io.securer;

public class SmokeMain {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        try (SecureSession s = SecureSession.builder()
                .tool(SecurerTool.builder("add").arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
                        .handler(args -> args.getDouble("a") + args.getDouble("b")).build())
                .tool(SecurerTool.builder("get_weather").arg("city", ArgType.CHARACTER)
                        .handler(args -> java.util.Map.of("temp", 72, "condition", "sunny")).build())
                .build()) {
            System.out.println("start ms " + (System.nanoTime() - t0) / 1e6 + " " + s);
            System.out.println(s.execute("1 + 1"));
            ExecutionResult r = s.execute("cat('hi\\n'); message('m'); add(2, 3)");
            System.out.println(r.value() + " | " + r.printed() + " | " + r.output());
            r = s.execute("get_weather('Boston')");
            System.out.println(r.value() + " | " + r.printed());
            for (int i = 0; i < 300; i++) s.execute("1+1");
            long t = System.nanoTime();
            for (int i = 0; i < 500; i++) s.execute("1+1");
            System.out.println("exec us " + (System.nanoTime() - t) / 500 / 1e3);
            t = System.nanoTime();
            s.execute("for (i in 1:1000) add(1, 2)");
            System.out.println("tool us " + (System.nanoTime() - t) / 1000 / 1e3);
        }
    }
}

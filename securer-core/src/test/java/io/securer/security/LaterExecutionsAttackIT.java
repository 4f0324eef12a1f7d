package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ArgType;
import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.IpcProtocolException;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Execution N plants code wherever user code can reach into the runtime, so that it would run
 * during a later execution: it would copy that execution's code to /tmp/stolen.txt and send a
 * forged result for it. Execution N+1 and later then run code that calls nothing N re-bound, and
 * must get exactly their own value, printed form, error, tool calls and plots, on the same child
 * (no restart that would wipe /tmp), with nothing stolen.
 *
 * <p>What stays possible is recorded at the end: code that forges its own end and keeps running
 * owns every later execution; functions N re-bound run as part of the later code that calls them.
 */
class LaterExecutionsAttackIT {
    /**
     * R: the planted hook. {@code .hk$fire(where)} looks through the frames on the stack for the
     * message of an execution later than the planting one; if it finds one it records its code and
     * writes a forged result for it. Where it finds none and {@code poll} is set (exit code and the
     * loop's bindings, which run between executions in a runtime that lets them), it waits up to
     * 100 ms once per site for the host's next message, records it, and serves it itself so that
     * the host notices nothing. Assumes {@code conn}, {@code st} and {@code add}.
     */
    static final String HOOK = """
            .hk <- new.env()
            .hk$planted <- st$exec
            .hk$conn <- conn
            .hk$polled <- new.env()
            .hk$send <- reach(add, function(o) is.function(o) && identical(names(formals(o)), 'line'))
            .hk$recv <- reach(add, function(o) is.function(o) && length(formals(o)) == 0L &&
              !is.null(reach(body(o), function(x) inherits(x, 'NativeSymbolInfo') &&
                identical(x$name, 'processx_connection_read_lines'))))
            .hk$nf <- sys.nframe()
            .hk$handle <- sys.function(Find(function(k) identical(names(formals(sys.function(k))), 'msg') &&
              exists('nonce', envir = sys.frame(k), inherits = FALSE), seq_len(.hk$nf)))
            .hk$fire <- function(where, poll = FALSE) {
              if (isTRUE(.hk$busy)) return(invisible())
              .hk$busy <- TRUE
              on.exit(.hk$busy <- FALSE)
              codes <- character()
              later <- FALSE
              for (f in sys.frames()) {
                m <- tryCatch(get('msg', envir = f, inherits = FALSE), error = function(e) NULL)
                if (is.list(m) && is.character(m$code) && isTRUE(m$exec > .hk$planted)) {
                  later <- TRUE
                  codes <- c(codes, m$code)
                  processx::conn_write(.hk$conn, sprintf(paste0('{"type":"result","exec":%d,"value":"FORGED",',
                    '"omitted":false,"visible":true,"class":["character"]}\\n'), as.integer(m$exec)))
                }
              }
              if (!later && poll && is.null(.hk$polled[[where]])) {
                assign(where, TRUE, envir = .hk$polled)
                if (identical(processx::poll(list(.hk$conn), 100L)[[1]], 'ready')) {
                  m <- .hk$recv()
                  if (is.character(m$code)) codes <- c(codes, m$code)
                  if (identical(m$type, 'execute')) for (l in .hk$handle(m)) .hk$send(l)
                }
              }
              if (length(codes)) cat(where, ': ', codes, '\\n', file = '/tmp/stolen.txt', append = TRUE, sep = '')
              invisible()
            }
            hook_call <- function(where, poll = FALSE) as.call(list(.hk$fire, where, poll))
            """;

    /**
     * R: plants hooks in every frame under the code (exit code; each existing binding, except
     * function arguments, replaced by an active binding that keeps its value; active bindings for
     * names the runtime assigns after the code ran), in the runtime's state environment, and on
     * the tool's global binding. Each planting that R refuses is counted, not fatal.
     */
    static final String PLANT_IN_FRAMES = """
            refused <- 0L
            keep <- function(where, value, poll) {
              force(where); force(value); force(poll) # not promises of the loop's variables
              function(v) { .hk$fire(where, poll); if (!missing(v)) value <<- v; value }
            }
            frames <- sys.frames()
            for (k in seq_along(frames)) {
              e <- frames[[k]]
              if (identical(e, globalenv())) next # eval() contexts of the bootstrap: the code's own variables
              where <- paste0('frame', k)
              r <- try(do.call(on.exit, list(hook_call(paste0(where, '-exit'), TRUE), TRUE), envir = e), silent = TRUE)
              if (inherits(r, 'try-error')) refused <- refused + 1L
              args <- names(formals(sys.function(k)))
              for (b in setdiff(ls(e, all.names = TRUE), args)) {
                r <- try({ v <- get(b, envir = e); rm(list = b, envir = e)
                           makeActiveBinding(b, keep(paste0(where, '$', b), v, b == 'g'), e) }, silent = TRUE)
                if (inherits(r, 'try-error')) refused <- refused + 1L
              }
              for (b in setdiff(c('g', 'ack', 'reply', 'out', 'value', 'json', 'omitted', 'r', 'cond', 'errmsg', 'type'),
                                ls(e, all.names = TRUE))) {
                r <- try(makeActiveBinding(b, keep(paste0(where, '$', b, '-new'), NULL, b == 'g'), e), silent = TRUE)
                if (inherits(r, 'try-error')) refused <- refused + 1L
              }
            }
            for (b in ls(st, all.names = TRUE)) {
              r <- try({ v <- get(b, envir = st); rm(list = b, envir = st); makeActiveBinding(b, keep(paste0('state$', b), v, FALSE), st) },
                       silent = TRUE)
              if (inherits(r, 'try-error')) refused <- refused + 1L
            }
            genuine_add <- add
            unlockBinding('add', globalenv())
            rm('add', envir = globalenv())
            makeActiveBinding('add', function() { .hk$fire('global-add'); genuine_add }, globalenv())
            refused
            """;

    /**
     * R: tries to change every function reachable from the tool and from the stack (its own
     * environment, which every reference shares, and its body and environment, which R copies),
     * then re-binds and wraps what a runtime written in ordinary R would call (base printing,
     * concatenation, comparison, time, serialization, graphics devices, the JSON and socket
     * packages), traces print, attaches an environment that shadows them, and replaces the
     * tool's global binding by a function with another body and environment.
     */
    static final String REBIND_EVERYTHING = """
            reached <- 0L
            refused <- 0L
            seen <- list()
            walk <- function(x, depth) {
              if (depth > 40L) return()
              if (is.function(x) && !is.primitive(x)) {
                if (any(vapply(seen, identical, TRUE, x))) return()
                seen[[length(seen) + 1L]] <<- x
                reached <<- reached + 1L
                # The function's own environment, shared by every reference to it (empty: refused).
                r <- try(assign('hijacked', .hk$fire, envir = environment(x)), silent = TRUE)
                if (inherits(r, 'try-error')) refused <<- refused + 1L
                inner <- body(x)
                body(x) <- as.call(list(.hk$fire, 'replaced-body')) # a copy: R copies on modify
                environment(x) <- list2env(list(hijacked = TRUE))
                walk(inner, depth + 1L)
              } else if (is.call(x) || is.pairlist(x) || is.expression(x) || is.list(x)) {
                for (k in seq_along(x)) if (!identical(x[[k]], quote(expr = ))) walk(x[[k]], depth + 1L)
              }
            }
            walk(add, 0L)
            for (k in seq_len(.hk$nf)) walk(sys.function(k), 0L)
            genuine_add <- add
            wrap <- function(ns, name) {
              orig <- get(name, envir = ns)
              w <- function(...) { .hk$fire(paste0('rebound-', name)); orig(...) }
              if (bindingIsLocked(name, ns)) unlockBinding(name, ns)
              assign(name, w, envir = ns)
            }
            for (n in c('print', 'cat', 'paste', 'paste0', 'c', 'identical', 'Sys.time', 'serialize', 'unserialize',
                        'conditionMessage', 'format', 'toString', 'writeLines', 'sprintf', 'deparse', 'tryCatch'))
              wrap(baseenv(), n)
            for (n in c('png', 'svg', 'dev.off', 'dev.cur', 'dev.list', 'dev.new', 'recordPlot')) wrap(asNamespace('grDevices'), n)
            for (n in c('toJSON', 'fromJSON', 'parse_json')) wrap(asNamespace('jsonlite'), n)
            for (n in c('conn_write', 'conn_read_lines', 'poll')) wrap(asNamespace('processx'), n)
            suppressMessages(trace('print', tracer = hook_call('traced-print'), print = FALSE, where = baseenv()))
            attach(list(add = function(a, b) { .hk$fire('attached-add'); 666 },
                        print = function(...) .hk$fire('attached-print')), name = 'shadow', warn.conflicts = FALSE)
            unlockBinding('add', globalenv())
            add <- genuine_add
            body(add) <- quote(666)
            environment(add) <- new.env()
            invisible(list(reached, refused))
            """;

    private static SecurerTool recordingAdd(List<String> calls) {
        return SecurerTool.builder("add").description("Add two numbers")
                .arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
                .handler(args -> {
                    calls.add(args.json("a") + "+" + args.json("b"));
                    return args.getDouble("a") + args.getDouble("b");
                }).build();
    }

    private static SecureSession session(List<String> calls) {
        return SecurityFixtures.sandboxed(SecureSession.builder().tool(recordingAdd(calls)));
    }

    /** The code of execution N: find the runtime's parts, define the hook, then {@code attack}. */
    private static String plant(String attack) {
        return SecurityFixtures.EXEC + SecurityFixtures.CONN + HOOK + attack;
    }

    private static final ExecuteOptions TIMED = ExecuteOptions.builder().timeout(Duration.ofSeconds(30)).build();

    /** R: what /tmp/stolen.txt holds, read with .Internal calls only (no base function N re-bound runs). */
    static final String READ_STOLEN = "invisible(if (.Internal(file.exists('/tmp/stolen.txt'))) "
            + ".Internal(readLines(.Internal(file('/tmp/stolen.txt', 'r', TRUE, '', 'default', FALSE)), -1L, TRUE, FALSE, "
            + "'unknown', FALSE)) else character())";

    /**
     * The later executions: each carries a marker a thief would copy, and calls nothing that N
     * re-bound (primitives, the tool, graphics if {@code withPlot}). With {@code visible}, values
     * are auto-printed too (base print.default calls c(), so not after N re-bound c).
     */
    private static void laterExecutionsAreUntouched(SecureSession s, List<String> calls, boolean visible,
                                                    boolean withPlot) {
        List<ExecutionResult> results = new ArrayList<>();
        String show = visible ? "" : "invisible";
        calls.clear();
        ExecutionResult r1 = s.execute("later_1 <- 'LATER-CODE-1'; " + show + "(add(2, 3))", TIMED);
        assertEquals(5, r1.value().asInt());
        assertEquals(visible ? "[1] 5" : "", r1.printed());
        assertEquals(visible, r1.visible());
        assertEquals(List.of("2+3"), calls, "the host ran exactly the tool call the later code made");
        results.add(r1);

        ExecutionResult r2 = s.execute("later_2 <- 'LATER-CODE-2'; " + show + "(1:3)", TIMED);
        assertEquals("[1,2,3]", r2.value().toString());
        assertEquals(visible ? "[1] 1 2 3" : "", r2.printed());
        assertEquals(List.of("integer"), r2.rClass());
        results.add(r2);

        RExecutionException e = assertThrows(RExecutionException.class,
                () -> s.execute("later_3 <- 'LATER-CODE-3'; 1 + 'a'", TIMED));
        assertEquals("non-numeric argument to binary operator", e.rMessage());
        assertFalse(e.sessionRestarted());

        if (withPlot) {
            ExecutionResult r4 = s.execute("later_4 <- 'LATER-CODE-4'; plot(1:10); invisible(NULL)", TIMED);
            assertEquals(1, r4.plots().size(), "the plot the later code drew");
            assertEquals("image/png", r4.plots().get(0).mimeType());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(r4.plots().get(0).data(), 4));
            results.add(r4);
        }
        ExecutionResult state = s.execute("invisible(list(later_1, later_2, later_3))", TIMED);
        assertEquals("[\"LATER-CODE-1\",\"LATER-CODE-2\",\"LATER-CODE-3\"]", state.value().toString(),
                "all later executions ran on the same child, in order");
        results.add(state);
        ExecutionResult stolen = s.execute(READ_STOLEN, TIMED);
        results.add(stolen);
        for (ExecutionResult r : results) {
            assertFalse(r.sessionRestarted(), "no restart may hide a theft: /tmp lives with the child");
        }
        assertEquals("[]", stolen.value().toString(), "code of later executions copied by what execution N planted");
        assertEquals(List.of("2+3"), calls);
    }

    @Test
    void hooksInTheRuntimesFramesStateAndToolBindingNeverRunLater() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            s.execute("warm <- add(1, 1)", TIMED); // the first execution is not special
            ExecutionResult planted = s.execute(plant(PLANT_IN_FRAMES), TIMED);
            laterExecutionsAreUntouched(s, calls, true, true);
            // The state environment and the loop's frame refuse; the other frames take the hooks
            // (they run before the reply, as part of execution N, and see nothing later).
            assertTrue(planted.value().asInt() > 0, "some plantings are refused: " + planted.value());
        }
    }

    @Test
    void rebindingAndRewritingEverythingReachableChangesNothingLater() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            s.execute("warm <- add(1, 1)", TIMED);
            ExecutionResult planted = s.execute(plant(REBIND_EVERYTHING), TIMED);
            int reached = planted.value().get(0).asInt();
            assertTrue(reached > 50, "functions reachable from the tool and the stack: " + planted.value());
            // No auto-print and no plot: R's print and graphics functions call the re-bound base
            // functions, which is calling them (see the last test).
            laterExecutionsAreUntouched(s, calls, false, false);
            assertEquals("shadow", s.execute("invisible(search()[2L])", TIMED).value().asText(),
                    "the attack really stays attached");
        }
    }

    /**
     * Methods for the base generics the runtime's old code called on values (dim, length, names,
     * is.numeric, as.integer, the Summary and Ops groups), registered for a class; objects of
     * that class as the later value, as tool arguments and as the warn and max.print options.
     */
    @Test
    void methodsOfAValuesClassNeverRunInsideTheRuntime() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            s.execute("warm <- add(1, 1)", TIMED);
            s.execute(plant("""
                    for (g in c('dim', 'length', 'names', 'is.numeric', 'as.integer', 'as.character', 'is.na', 'Summary', 'Ops', 'Math'))
                      registerS3method(g, 'evil', local({ gg <- g; function(x, ...) { .hk$fire(paste0('method-', gg)); NextMethod() } }),
                                       envir = asNamespace('base'))
                    evil_list <- structure(list(1, 2), class = 'evil')
                    evil_num <- structure(2, class = 'evil')
                    suppressWarnings(try(options(warn = structure(0, class = 'evil')), silent = TRUE))
                    suppressWarnings(try(options(max.print = structure(50, class = 'evil')), silent = TRUE))
                    NULL
                    """), TIMED);
            calls.clear();
            ExecutionResult value = s.execute("later_1 <- 'LATER-CODE-1'; invisible(evil_list)", TIMED);
            assertEquals("[1,2]", value.value().toString());
            assertEquals(List.of("evil"), value.rClass());
            assertEquals(5, s.execute("later_2 <- 'LATER-CODE-2'; add(evil_num, 3)", TIMED).value().asInt());
            assertEquals(List.of("2+3"), calls);
            ExecutionResult warned = s.execute("later_3 <- 'LATER-CODE-3'; as.integer('x'); 7L", TIMED);
            assertEquals(7, warned.value().asInt());
            assertTrue(warned.output().stream().anyMatch(l -> l.contains("NAs introduced by coercion")), warned.output().toString());
            ExecutionResult stolen = s.execute(READ_STOLEN, TIMED);
            assertFalse(stolen.sessionRestarted());
            assertEquals("[]", stolen.value().toString());
        }
    }

    /**
     * R runs R code of the compiler package by name: compiler:::tryCmpfun when the JIT compiles a
     * closure (the second time a large one is called with the JIT on; R then runs what it returns
     * instead), compiler::checkCompilerOptions whenever the JIT level is set, compiler:::tryCompile
     * for a loop at the top level. Execution N re-binds all three to hooks that also rewrite any
     * function handed to them. The runtime never sets the JIT level after set-up and had all its
     * functions marked never-to-compile before any user code ran, so none of this runs later;
     * repeated tool calls, printing, errors and plots of the later executions compile nothing.
     */
    @Test
    void theCompilerNeverRunsForTheRuntime() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            s.execute(plant("""
                    ns <- asNamespace('compiler')
                    for (n in c('tryCmpfun', 'checkCompilerOptions', 'tryCompile')) local({
                      orig <- get(n, envir = ns)
                      nm <- n
                      unlockBinding(nm, ns)
                      assign(nm, function(f, ...) {
                        .hk$fire(paste0('compiler-', nm))
                        if (is.function(f) && !is.primitive(f)) { body(f) <- as.call(list(.hk$fire, paste0('compiled-', nm))); return(f) }
                        orig(f, ...)
                      }, envir = ns)
                    })
                    NULL
                    """), TIMED);
            ExecutionResult repeated = s.execute("invisible(list(add(1, 1), add(2, 2), add(3, 3), add(4, 4)))", TIMED);
            assertEquals("[2,4,6,8]", repeated.value().toString());
            laterExecutionsAreUntouched(s, calls, true, true);
        }
    }

    /**
     * Recorded, not prevented (docs/security-model.md, "Known limits"): the runtime and the code
     * share one R process, so code can do whatever the runtime does. Execution N prints its own
     * end mark, sends a forged result and then, instead of returning, reads the host's next
     * messages and serves them itself: every later execution's code passes through it. The host
     * cannot tell. Pools that reset between callers and one session per chat bound the damage.
     */
    @Test
    void knownLimitCodeThatForgesItsOwnEndAndKeepsRunningSeesLaterCode() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            ExecutionResult forged = s.execute(plant("""
                    hf <- sys.frame(Find(function(k) exists('nonce', envir = sys.frame(k), inherits = FALSE), seq_len(sys.nframe())))
                    cat('\\037SECURER-FENCE:', get('nonce', hf), '\\n', sep = '')
                    processx::conn_write(conn, sprintf(paste0('{"type":"result","exec":%d,"value":"forged","omitted":false,',
                      '"visible":true,"class":["character"]}\\n'), get('exec', hf)))
                    repeat {
                      m <- .hk$recv()
                      cat(m$code, '\\n', file = '/tmp/stolen.txt', append = TRUE)
                      for (l in .hk$handle(m)) .hk$send(l)
                    }
                    """), TIMED);
            assertEquals("forged", forged.value().asText());
            assertEquals(5, s.execute("later_1 <- 'LATER-CODE-1'; add(2, 3)", TIMED).value().asInt());
            List<String> stolen = SecurityFixtures.strings(s, "readLines('/tmp/stolen.txt')");
            assertTrue(stolen.get(0).contains("LATER-CODE-1"), stolen.toString());
        }
    }

    /**
     * Recorded, not prevented: a function N re-bound runs as part of the later code that calls it
     * (here base paste), with that code's powers: it sees the code on the stack and can forge its
     * result. What R calls on the code's behalf (print methods of a value's class, condition
     * message methods, graphics devices and hooks, the byte-code compiler) counts as called.
     */
    @Test
    void knownLimitWhatLaterCodeCallsRunsAsThatCode() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (SecureSession s = session(calls)) {
            s.execute(plant("""
                    orig <- paste
                    unlockBinding('paste', baseenv())
                    assign('paste', function(...) { .hk$fire('paste'); orig(...) }, envir = baseenv())
                    NULL
                    """), TIMED);
            // The forged result wins; the genuine one then arrives out of turn (a violation on this
            // call or the next, whichever comes first is a race).
            try {
                assertEquals("FORGED", s.execute("later_1 <- 'LATER-CODE-1'; paste('a', 'b')", TIMED).value().asText());
                assertThrows(IpcProtocolException.class, () -> s.execute("1", TIMED));
            } catch (IpcProtocolException e) {
                assertTrue(e.getMessage().contains("unexpected Result"), e.getMessage());
            }
        }
    }
}

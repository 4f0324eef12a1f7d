package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.Plot;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SecureSessionPool;
import io.securer.SecurerTool;
import io.securer.SessionConfig;
import io.securer.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run_r_code} tool for LangChain4j: the model sends R code, the code runs in a
 * (by default sandboxed) R session, and the model gets back what R printed. R code may call the
 * host tools the session was built with (see {@link SecurerTools} to convert LangChain4j tools).
 *
 * <p>Two ways to register it with {@code AiServices}:
 * <ul>
 *   <li>{@code .tools(rCodeTool)}: LangChain4j reads the {@link Tool @Tool} method. Its description
 *       is a compile-time constant and cannot list the host functions.</li>
 *   <li>{@code .tools(Map.of(rCodeTool.toolSpecification(), rCodeTool.executor()))} or
 *       {@code .toolProvider(new RCodeToolProvider(rCodeTool))}: the description lists every host
 *       function with its arguments. Prefer this.</li>
 * </ul>
 *
 * <p><b>Errors</b> never escape {@link #runRCode}: R errors, syntax errors, timeouts, tool call
 * limits, rejected code and dead sessions all come back as sanitized text the model can act on.
 * A session whose R process died is replaced before the next call.
 *
 * <p><b>Timeouts:</b> each call has a wall-clock limit (default 30 s). R is interrupted and keeps
 * its variables; if it does not respond, the session restarts and the text says state was lost.
 *
 * <p><b>Plots</b> a call draws go to the {@link Builder#plotListener plot listener} with the
 * chat's memory id, and the text tells the model about each one ({@code plot 1: 800×600 PNG, shown
 * to the user}). With {@link Builder#imagesToModel imagesToModel(true)} the {@link #executor()}
 * also returns the PNG images to the model, for chat models whose API accepts images in tool
 * results.
 *
 * <p><b>Description:</b> {@link #description()} is built on first use. It asks R once which of
 * {@link Builder#notablePackages the notable packages} are installed (in the tool's session, a
 * pooled one, or a short-lived one for {@link Builder#sessionPerMemoryId}) and lists them.
 *
 * <p><b>Thread safety and ownership:</b> thread-safe. Calls for one session are serialized by the
 * session; with {@link Builder#sessionPerMemoryId} each chat memory id has its own session and
 * chats run in parallel; with {@link Builder#pool} calls run on any idle pooled session.
 * {@link #close()} closes only the sessions this tool created, never a session or pool passed in.
 *
 * <p><b>Length:</b> over 400 lines because its public {@link Builder} (about 250 lines of
 * documented options: session source, store, plots, descriptions) is nested here, where users
 * expect {@code RCodeTool.builder()}. The work itself is in package-private classes
 * (ChatSession, the session sources, ToolResultText, ToolDescription).
 */
public final class RCodeTool implements AutoCloseable {
    /** The tool's name as the model sees it. */
    public static final String NAME = "run_r_code";
    /** Workspaces up to this size are saved after every successful call: 16 MiB. */
    public static final long DEFAULT_AUTOSAVE_BYTES = 16L * 1024 * 1024;
    static final String CODE_PARAMETER = "code";
    static final String CODE_DESCRIPTION = "R code to run. The value of the last expression is printed and returned.";
    private static final String STATIC_DESCRIPTION = "Runs R code in an R session and returns what R prints: any "
            + "output, then the value of the last expression, printed as the R console shows it. Host functions, "
            + "if any, are already defined as R functions in the session.";
    /**
     * The add-on R packages the description mentions when they are installed, unless
     * {@link Builder#notablePackages} says otherwise: the ones models reach for in data analysis.
     */
    public static final List<String> NOTABLE_PACKAGES = List.of("ggplot2", "dplyr", "tidyr", "readr", "tibble",
            "stringr", "purrr", "lubridate", "forcats", "scales", "data.table", "zoo", "xts", "forecast", "MASS",
            "lattice", "Matrix", "mgcv", "nlme", "survival", "boot", "cluster", "rpart", "jsonlite");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RCodeTool.class);

    private final SessionSource source;
    private final ExecuteOptions options;
    private final PlotListener plotListener;
    private final boolean imagesToModel;
    private final List<String> notablePackages;
    private volatile String description;

    private RCodeTool(SessionSource source, ExecuteOptions options, Builder b) {
        this.source = source;
        this.options = options;
        this.plotListener = b.plotListener;
        this.imagesToModel = b.imagesToModel;
        this.notablePackages = b.notablePackages;
    }

    /** What one call gives back: the text, and the images to attach for the model (possibly none). */
    record Outcome(String text, List<Plot> images) {
        static Outcome text(String text) {
            return new Outcome(text, List.of());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code code} in the session of {@code memoryId} and returns the text for the model.
     * Never throws for anything the R code does. Plots go to the plot listener; this method
     * returns text only, whatever {@link Builder#imagesToModel} says.
     */
    @Tool(name = NAME, value = STATIC_DESCRIPTION)
    public String runRCode(@ToolMemoryId Object memoryId,
                           @P(name = CODE_PARAMETER, value = CODE_DESCRIPTION) String code) {
        return run(memoryId, code, false).text();
    }

    /** One call; {@code imagesAccepted}: the caller can pass images on to the model. */
    Outcome run(Object memoryId, String code, boolean imagesAccepted) {
        if (code == null || code.isBlank()) {
            return Outcome.text("No R code was given: pass the R code to run as \"" + CODE_PARAMETER + "\".");
        }
        Object id = memoryId == null ? SecurerTools.MEMORY_ID : memoryId;
        SessionSource.Lease lease;
        try {
            lease = source.acquire(id);
        } catch (RuntimeException e) {
            return Outcome.text(ToolResultText.failure(e));
        }
        ExecutionResult r;
        try (lease) {
            r = lease.execute(code, options.toBuilder().callContext(id).build());
        } catch (RuntimeException e) {
            String text = ToolResultText.failure(e, lease.stateNote());
            if (e instanceof io.securer.RExecutionException rx && !rx.plots().isEmpty()) {
                // what the code drew before the error still reaches the user (and is named for the model)
                List<Plot> attached = new ArrayList<>();
                List<String> lines = PlotText.lines(deliver(id, rx.plots(), imagesAccepted && imagesToModel, attached));
                return new Outcome(text + "\n" + String.join("\n", lines), List.copyOf(attached));
            }
            return Outcome.text(text);
        }
        // The session is released first: the application's listener must not hold up the next call.
        List<Plot> attached = new ArrayList<>();
        List<PlotText.Delivery> deliveries = deliver(id, r.plots(), imagesAccepted && imagesToModel, attached);
        return new Outcome(ToolResultText.success(r, lease.stateNote(), PlotText.lines(deliveries)),
                List.copyOf(attached));
    }

    private List<PlotText.Delivery> deliver(Object memoryId, List<Plot> plots, boolean attach, List<Plot> attached) {
        List<PlotText.Delivery> out = new ArrayList<>(plots.size());
        for (Plot p : plots) {
            PlotText.Shown shown = PlotText.Shown.NO_LISTENER;
            if (plotListener != null) {
                try {
                    plotListener.onPlot(memoryId, p);
                    shown = PlotText.Shown.TO_USER;
                } catch (Exception e) { // a listener may throw anything; the tool call must still answer
                    LOG.warn("the plot listener failed on plot {} of a run_r_code call; the model is told it was not "
                            + "shown", out.size() + 1, e);
                    shown = PlotText.Shown.LISTENER_FAILED;
                }
            }
            PlotText.Attached a = PlotText.Attached.NOT_ASKED;
            if (attach) {
                if (!p.mimeType().equals("image/png")) {
                    a = PlotText.Attached.NOT_PNG;
                } else if (attached.size() >= PlotText.MAX_IMAGES_TO_MODEL) {
                    a = PlotText.Attached.OVER_LIMIT;
                } else {
                    attached.add(p);
                    a = PlotText.Attached.ATTACHED;
                }
            }
            out.add(new PlotText.Delivery(p, shown, a));
        }
        return out;
    }

    /** The run_r_code specification with a description that lists the host functions. */
    public ToolSpecification toolSpecification() {
        return ToolSpecification.builder()
                .name(NAME)
                .description(description())
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty(CODE_PARAMETER, CODE_DESCRIPTION)
                        .required(CODE_PARAMETER)
                        .build())
                .build();
    }

    /**
     * Runs a run_r_code request; malformed arguments come back as text, like every error. AiServices
     * calls its {@code executeWithContext}, which with {@link Builder#imagesToModel imagesToModel(true)}
     * returns the text and then up to {@value PlotText#MAX_IMAGES_TO_MODEL} PNG plots as
     * {@link ImageContent} (detail {@code HIGH}) in {@link ToolExecutionResult#resultContents()};
     * {@code execute(request, memoryId)} returns text only.
     */
    public ToolExecutor executor() {
        return new ToolExecutor() {
            @Override
            public String execute(ToolExecutionRequest request, Object memoryId) {
                return runRequest(request, memoryId, false).text();
            }

            @Override
            public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
                Outcome o = runRequest(request, context == null ? null : context.chatMemoryId(), true);
                if (o.images().isEmpty()) {
                    return ToolExecutionResult.builder().resultText(o.text()).build();
                }
                List<Content> contents = new ArrayList<>();
                contents.add(TextContent.from(o.text()));
                for (Plot p : o.images()) {
                    contents.add(ImageContent.from(Base64.getEncoder().encodeToString(p.data()), p.mimeType(),
                            ImageContent.DetailLevel.HIGH));
                }
                return ToolExecutionResult.builder().resultContents(contents).build();
            }
        };
    }

    /** Where this tool's sessions come from (for tests in this package). */
    SessionSource source() {
        return source;
    }

    private Outcome runRequest(ToolExecutionRequest request, Object memoryId, boolean imagesAccepted) {
        String code;
        try {
            JsonNode args = MAPPER.readTree(request.arguments() == null ? "" : request.arguments());
            JsonNode c = args == null ? null : args.get(CODE_PARAMETER);
            if (c == null || !c.isTextual()) {
                return Outcome.text("The arguments must be a JSON object with a string field \"" + CODE_PARAMETER
                        + "\".");
            }
            code = c.textValue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Outcome.text("The arguments are not valid JSON; send {\"" + CODE_PARAMETER + "\": \"<R code>\"}.");
        }
        return run(memoryId, code, imagesAccepted);
    }

    /**
     * The description the model sees through {@link #toolSpecification()}. The first call asks R
     * which notable packages are installed (at most {@code 10 s}; if R cannot say, the
     * description leaves packages out and a warning is logged); later calls return the same text.
     */
    public String description() {
        String d = description;
        if (d == null) {
            synchronized (this) {
                d = description;
                if (d == null) {
                    d = ToolDescription.build(source.tools(), options.timeout(), source.keepsState(),
                            source.sandboxMode(), InstalledPackages.find(source, notablePackages),
                            plotListener != null, imagesToModel);
                    description = d;
                }
            }
        }
        return d;
    }

    /** The host tools R code may call. */
    public List<SecurerTool> tools() {
        return source.tools();
    }

    /** Closes the sessions this tool started; idempotent. */
    @Override
    public void close() {
        source.close();
    }

    /**
     * Builder for {@link RCodeTool}; not thread-safe. Choose at most one of {@link #session},
     * {@link #pool}, {@link #sessionPerMemoryId}; with neither, the tool starts and owns one session, sandboxed
     * unless {@link #sandbox(boolean) sandbox(false)}.
     */
    public static final class Builder {
        private SecureSession session;
        private SessionConfig template;
        private SecureSessionPool pool;
        private final List<SecurerTool> tools = new ArrayList<>();
        private boolean sandbox = true;
        private boolean sandboxSet;
        private ResourceLimits limits;
        private Duration timeout = Duration.ofSeconds(30);
        private Integer maxToolCalls;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private int maxSessions = 32;
        private int warmSessions = 1;
        private SessionStore store;
        private long autosaveBytes = DEFAULT_AUTOSAVE_BYTES;
        private PlotListener plotListener;
        private boolean imagesToModel;
        private List<String> notablePackages = NOTABLE_PACKAGES;

        private Builder() {
        }

        /** Use the application's session (shared by every chat; never closed by the tool). */
        public Builder session(SecureSession session) {
            this.session = Objects.requireNonNull(session, "session");
            return this;
        }

        /**
         * Use the application's pool: each call leases a fresh R process, so variables do not
         * persist between calls (the description tells the model). The pool must reset its
         * sessions between uses (its default): a session handed on as it is would carry one chat's
         * variables, code and tool context into another's. Never closed by the tool.
         */
        public Builder pool(SecureSessionPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * One session per chat memory id, each built from a copy of {@code template} (the caller's
         * builder is not changed) plus {@link #tools} and {@link #limits} if set. The sessions are
         * sandboxed unless {@link #sandbox sandbox(false)} is called here: the secure default of
         * this tool wins over {@code SecureSession.builder()}'s own default of no sandbox.
         */
        public Builder sessionPerMemoryId(SecureSession.Builder template) {
            return sessionPerMemoryId(Objects.requireNonNull(template, "template").config());
        }

        /** As {@link #sessionPerMemoryId(SecureSession.Builder)}, from a frozen configuration. */
        public Builder sessionPerMemoryId(SessionConfig template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Close a per-memory-id session after this long unused (default 10 min). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive("idleTimeout", idleTimeout);
            return this;
        }

        /** At most this many per-memory-id sessions alive (default 32); the least recently used idle one makes room. */
        public Builder maxSessions(int maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /** Host tools for the sessions this tool builds; a supplied session brings its own. */
        /**
         * With {@link #sessionPerMemoryId}: how many started sessions to keep ready so that a new
         * chat's first call does not wait for R to start (default 1; 0 for none). Spares are
         * started in the background and closed with the tool.
         */
        public Builder warmSessions(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("warmSessions must be >= 0, got " + count);
            }
            this.warmSessions = count;
            return this;
        }

        /**
         * With {@link #sessionPerMemoryId}: keeps each chat's R workspace in {@code store}, under
         * the chat's memory id ({@code String.valueOf(memoryId)}), so that a chat whose session was
         * evicted, killed after a timeout, crashed, or lives on another replica sharing the store
         * comes back with the workspace of its last successful call. Saved after every successful
         * call while the workspace is at most {@link #autosaveMaxBytes} (a larger one is saved
         * when its session is evicted or closed, and its older saved copy is removed), and when a
         * session is evicted or the tool closed. The model is told when state was restored or
         * could not be saved. Memory ids must identify one user's chat: a chat restores whatever
         * is stored under its id.
         */
        public Builder sessionStore(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The largest workspace saved after every successful call (default 16 MiB; 0 saves only
         * on eviction and close). Saving costs about the time R takes to serialize the workspace.
         */
        public Builder autosaveMaxBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("autosaveMaxBytes must be >= 0, got " + bytes);
            }
            this.autosaveBytes = bytes;
            return this;
        }

        public Builder tools(List<SecurerTool> tools) {
            Objects.requireNonNull(tools, "tools").forEach(t -> this.tools.add(Objects.requireNonNull(t, "tool")));
            return this;
        }

        /** Sandbox the sessions this tool builds (default true). */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            this.sandboxSet = true;
            return this;
        }

        /** Resource limits for the sessions this tool builds (default: the session's defaults). */
        public Builder limits(ResourceLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Wall-clock limit per call (default 30 s); null for none. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout == null ? null : positive("timeout", timeout);
            return this;
        }

        /** Host function calls allowed per run; null (default) for unlimited. */
        public Builder maxToolCalls(Integer maxToolCalls) {
            if (maxToolCalls != null && maxToolCalls < 0) {
                throw new IllegalArgumentException("maxToolCalls must be >= 0, got " + maxToolCalls);
            }
            this.maxToolCalls = maxToolCalls;
            return this;
        }

        /**
         * Receives every plot of every call with the chat's memory id, to show it to the user
         * (default: none, and the model is told its plots were not shown). See {@link PlotListener}.
         */
        public Builder plotListener(PlotListener listener) {
            this.plotListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Also send the PNG plots of a call to the model, as images in the tool result (default
         * false). Only for chat models whose API takes images in tool results: in LangChain4j 1.19,
         * Anthropic, Google AI Gemini and OpenAI's Responses API do; {@code OpenAiChatModel} (Chat
         * Completions) and {@code OllamaChatModel} throw {@code UnsupportedFeatureException} for
         * such a result. Applies to {@link #executor()} (and so to {@link RCodeToolProvider}), not
         * to the {@code @Tool} method, which returns text. Images stay in the chat memory and are
         * sent again with every later request of that chat.
         */
        public Builder imagesToModel(boolean imagesToModel) {
            this.imagesToModel = imagesToModel;
            return this;
        }

        /**
         * The add-on R packages to look for; those installed are named in the description so the
         * model does not guess (default {@link RCodeTool#NOTABLE_PACKAGES}). An empty list skips
         * the check and the description says nothing about packages.
         *
         * @throws IllegalArgumentException for a name that is not a valid R package name
         */
        public Builder notablePackages(List<String> names) {
            this.notablePackages = InstalledPackages.validate(names);
            return this;
        }

        /**
         * Builds the tool. Without a supplied session or template, starts its session now.
         *
         * @throws IllegalArgumentException  for contradictory settings
         * @throws io.securer.SecurerException when the owned session cannot start (R or sandbox missing)
         */
        public RCodeTool build() {
            if ((session != null ? 1 : 0) + (template != null ? 1 : 0) + (pool != null ? 1 : 0) > 1) {
                throw new IllegalArgumentException("choose one of session(...), pool(...) and sessionPerMemoryId(...)");
            }
            ExecuteOptions options = ExecuteOptions.builder().timeout(timeout).maxToolCalls(maxToolCalls).build();
            if (template == null && store != null) {
                throw new IllegalArgumentException("sessionStore(...) keeps per-chat state: use it with "
                        + "sessionPerMemoryId(...)");
            }
            if (pool != null) {
                if (!tools.isEmpty() || sandboxSet || limits != null) {
                    throw new IllegalArgumentException("tools, sandbox and limits apply to sessions the tool builds; "
                            + "set them on the SecureSessionPool passed to pool(...)");
                }
                if (!pool.resetsBetweenUses()) {
                    throw new IllegalArgumentException("pool(...) needs a pool that resets sessions between uses "
                            + "(SecureSessionPool's default): a session handed on as it is would carry one chat's "
                            + "variables, code and tool context into another's; use sessionPerMemoryId(...) to keep "
                            + "state per chat");
                }
                return new RCodeTool(new PoolSessionSource(pool), options, this);
            }
            if (session != null) {
                if (!tools.isEmpty() || sandboxSet || limits != null) {
                    throw new IllegalArgumentException("tools, sandbox and limits apply to sessions the tool builds; "
                            + "set them on the SecureSession passed to session(...)");
                }
                return new RCodeTool(SingleSessionSource.shared(session), options, this);
            }
            if (template != null) {
                // A copy: the caller's builder stays as it was, and the description lists every
                // tool the sessions will have (the template's own and the ones added here).
                SecureSession.Builder t = template.toBuilder().sandbox(sandbox);
                configure(t);
                return new RCodeTool(new PerMemoryIdSessionSource(t.config(), maxSessions, idleTimeout, warmSessions,
                        store, autosaveBytes), options, this);
            }
            SecureSession.Builder b = SecureSession.builder().sandbox(sandbox).sanitizeErrors(true);
            configure(b);
            return new RCodeTool(SingleSessionSource.owned(b.build()), options, this);
        }

        private void configure(SecureSession.Builder b) {
            b.tools(tools);
            if (sandboxSet) {
                b.sandbox(sandbox);
            }
            if (limits != null) {
                b.limits(limits);
            }
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}

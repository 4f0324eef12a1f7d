package io.securer.spring;

import io.securer.ResourceLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code securer.*} properties: how the starter's {@code run_r_code} tool and its R sessions
 * are set up. Every property has a default; {@code docs/spring-boot.md} has the table.
 */
@ConfigurationProperties(prefix = "securer")
public class SecurerProperties {
    /** Whether the starter defines its beans at all. */
    private boolean enabled = true;

    /** Longest one run_r_code call may take before R is interrupted. */
    private Duration timeout = Duration.ofSeconds(30);

    /** Host function calls allowed in one run_r_code call; unset for no limit. */
    private Integer maxToolCalls;

    /** Mask host paths, addresses and process ids in R error messages (in logs, the audit log and traces). */
    private boolean sanitizeErrors = true;

    /** Append every session event as JSON Lines to this file (created with mode 0600); unset for none. */
    private Path auditLog;

    /**
     * Names of beans whose LangChain4j @Tool methods become R functions, in addition to beans
     * annotated with @RTools: for tool classes the application cannot annotate.
     */
    private List<String> toolBeans = new ArrayList<>();

    private final Sandbox sandbox = new Sandbox();
    private final Limits limits = new Limits();
    private final Sessions sessions = new Sessions();
    private final Plots plots = new Plots();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Integer getMaxToolCalls() {
        return maxToolCalls;
    }

    public void setMaxToolCalls(Integer maxToolCalls) {
        this.maxToolCalls = maxToolCalls;
    }

    public boolean isSanitizeErrors() {
        return sanitizeErrors;
    }

    public void setSanitizeErrors(boolean sanitizeErrors) {
        this.sanitizeErrors = sanitizeErrors;
    }

    public Path getAuditLog() {
        return auditLog;
    }

    public void setAuditLog(Path auditLog) {
        this.auditLog = auditLog;
    }

    public List<String> getToolBeans() {
        return toolBeans;
    }

    public void setToolBeans(List<String> toolBeans) {
        this.toolBeans = toolBeans;
    }

    public Sandbox getSandbox() {
        return sandbox;
    }

    public Limits getLimits() {
        return limits;
    }

    public Sessions getSessions() {
        return sessions;
    }

    public Plots getPlots() {
        return plots;
    }

    /** {@code securer.plots.*}: the images R code draws ({@code plot()}, ggplot2). */
    public static class Plots {
        /** Width of each plot in pixels. */
        private int width = 800;

        /** Height of each plot in pixels. */
        private int height = 600;

        /** Resolution of PNG plots in dots per inch. */
        private int resolution = 96;

        /** Image format: PNG (default) or SVG. */
        private io.securer.PlotFormat format = io.securer.PlotFormat.PNG;

        /**
         * Also send PNG plots to the chat model as images in the tool result (only for models whose
         * API accepts images there: Anthropic, Gemini, OpenAI Responses; OpenAI Chat Completions
         * and Ollama refuse them). A PlotListener bean shows them to the user either way.
         */
        private boolean imagesToModel;

        public int getWidth() {
            return width;
        }

        public void setWidth(int width) {
            this.width = width;
        }

        public int getHeight() {
            return height;
        }

        public void setHeight(int height) {
            this.height = height;
        }

        public int getResolution() {
            return resolution;
        }

        public void setResolution(int resolution) {
            this.resolution = resolution;
        }

        public io.securer.PlotFormat getFormat() {
            return format;
        }

        public void setFormat(io.securer.PlotFormat format) {
            this.format = format;
        }

        public boolean isImagesToModel() {
            return imagesToModel;
        }

        public void setImagesToModel(boolean imagesToModel) {
            this.imagesToModel = imagesToModel;
        }
    }

    /** {@code securer.sandbox.*}: the OS sandbox around each R process. */
    public static class Sandbox {
        /** Run each R process in the OS sandbox (bubblewrap on Linux, Seatbelt on macOS). */
        private boolean enabled = true;

        /**
         * With the sandbox enabled: refuse to start R when the sandbox cannot be had, instead of
         * running R without it. The call then fails with a message the model reads.
         */
        private boolean strict = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isStrict() {
            return strict;
        }

        public void setStrict(boolean strict) {
            this.strict = strict;
        }
    }

    /**
     * {@code securer.limits.*}: kernel limits for each R process. Unset ones keep securer's
     * defaults: with the sandbox 60 CPU seconds, 1GB, 50MB files, 50 processes and 256 open
     * files; without it none.
     */
    public static class Limits {
        /**
         * CPU time over the R process's lifetime, in seconds (RLIMIT_CPU).
         * Default 60 with the sandbox, none without.
         */
        private Long cpuSeconds;

        /**
         * Memory of the sandbox: a memory cgroup where the host allows one, else the address
         * space of each process (RLIMIT_AS); at least 64MB. Default 1GB with the sandbox, none without.
         */
        private DataSize memory;

        /** Largest file R may write (RLIMIT_FSIZE). Default 50MB with the sandbox, none without. */
        private DataSize fileSize;

        /** Processes in the sandbox (RLIMIT_NPROC). Default 50 with the sandbox, none without. */
        private Long processes;

        /** Open file descriptors (RLIMIT_NOFILE); at least 200. Default 256 with the sandbox, none without. */
        private Long openFiles;

        public Long getCpuSeconds() {
            return cpuSeconds;
        }

        public void setCpuSeconds(Long cpuSeconds) {
            this.cpuSeconds = cpuSeconds;
        }

        public DataSize getMemory() {
            return memory;
        }

        public void setMemory(DataSize memory) {
            this.memory = memory;
        }

        public DataSize getFileSize() {
            return fileSize;
        }

        public void setFileSize(DataSize fileSize) {
            this.fileSize = fileSize;
        }

        public Long getProcesses() {
            return processes;
        }

        public void setProcesses(Long processes) {
            this.processes = processes;
        }

        public Long getOpenFiles() {
            return openFiles;
        }

        public void setOpenFiles(Long openFiles) {
            this.openFiles = openFiles;
        }

        /** Whether any limit is set. */
        boolean anySet() {
            return cpuSeconds != null || memory != null || fileSize != null || processes != null || openFiles != null;
        }

        /**
         * The limits set here over securer's defaults for {@code sandbox} (those of
         * {@link io.securer.SessionSettings#limits}).
         *
         * @throws IllegalArgumentException when a value is out of range
         */
        ResourceLimits toResourceLimits(boolean sandbox) {
            ResourceLimits.Builder b = (sandbox ? ResourceLimits.defaults() : ResourceLimits.none()).toBuilder();
            if (cpuSeconds != null) {
                b.cpuSeconds(cpuSeconds);
            }
            if (memory != null) {
                b.memoryBytes(memory.toBytes());
            }
            if (fileSize != null) {
                b.fileSizeBytes(fileSize.toBytes());
            }
            if (processes != null) {
                b.maxProcesses(processes);
            }
            if (openFiles != null) {
                b.maxOpenFiles(openFiles);
            }
            return b.build();
        }
    }

    /** {@code securer.sessions.*}: the R sessions of the chats, one per chat memory id. */
    public static class Sessions {
        /**
         * Most chat sessions alive at once; when full, the least recently used idle one is
         * closed to make room, and a call finding every session busy is told to try again.
         */
        private int max = 32;

        /**
         * Close a chat's R session after it has been unused this long. Its variables go with it,
         * unless the application defines a SessionStore bean: then they are saved and restored
         * when the chat returns.
         */
        private Duration idleTimeout = Duration.ofMinutes(10);

        /** Started R sessions kept ready so that a new chat's first call does not wait for R. */
        private int warm = 1;

        /**
         * With a SessionStore bean: the largest workspace saved after every successful call
         * (larger ones are saved when their session is evicted or the application stops).
         */
        private DataSize autosaveMaxSize = DataSize.ofMegabytes(16);

        public int getWarm() {
            return warm;
        }

        public void setWarm(int warm) {
            this.warm = warm;
        }

        public DataSize getAutosaveMaxSize() {
            return autosaveMaxSize;
        }

        public void setAutosaveMaxSize(DataSize autosaveMaxSize) {
            this.autosaveMaxSize = autosaveMaxSize;
        }

        public int getMax() {
            return max;
        }

        public void setMax(int max) {
            this.max = max;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }
    }
}

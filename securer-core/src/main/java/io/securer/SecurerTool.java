package io.securer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host function that sandboxed R code may call. In the child it becomes an R function of the
 * same name whose formals are the declared arguments; the function checks argument types in R,
 * the host checks them again, then runs {@link #handler()} on the host.
 *
 * <p>Immutable and thread-safe; the handler itself must be safe to call from securer's threads
 * (one call at a time per session, but several sessions may share a tool).
 */
public final class SecurerTool {
    private static final Pattern R_NAME = Pattern.compile("^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("if", "else", "repeat", "while",
            "function", "for", "next", "break", "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_",
            "NA_real_", "NA_character_", "NA_complex_", "in");

    private final String name;
    private final String description;
    private final List<Arg> args;
    private final ToolHandler handler;

    /** One declared argument. Optional arguments default to NULL in R and are absent when NULL. */
    public record Arg(String name, ArgType type, boolean required) {
        public Arg {
            checkName("argument", name);
            Objects.requireNonNull(type, "type");
        }
    }

    private SecurerTool(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.args = Collections.unmodifiableList(new ArrayList<>(b.args.values()));
        this.handler = Objects.requireNonNull(b.handler, "tool '" + b.name + "' needs a handler");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * What a handler returns for "no value": R receives an invisible {@code NULL}, as from a
     * function that ends in {@code invisible(NULL)} (a {@code void} Java method). Returning
     * {@code null} gives a visible {@code NULL}.
     */
    public static final Object INVISIBLE = new Object() {
        @Override
        public String toString() {
            return "invisible NULL";
        }
    };

    /** A builder holding this tool's name, description, arguments and handler, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(name).description(description).handler(handler);
        args.forEach(b::add);
        return b;
    }

    /** The same tool under another R name (e.g. to avoid masking an R function). */
    public SecurerTool renamed(String newName) {
        Builder b = new Builder(newName).description(description).handler(handler);
        args.forEach(b::add);
        return b.build();
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<Arg> args() {
        return args;
    }

    public ToolHandler handler() {
        return handler;
    }

    /** An R-style signature for prompts, e.g. {@code add(a: numeric, b: numeric)}. */
    public String signature() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(a.name()).append(": ").append(a.type().rName());
            if (!a.required()) {
                sb.append(" = NULL");
            }
        }
        return sb.append(')').toString();
    }

    static void checkName(String what, String name) {
        Objects.requireNonNull(name, what + " name");
        if (!R_NAME.matcher(name).matches() || RESERVED.contains(name) || name.startsWith("..")
                || name.length() > 128) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a valid R identifier "
                    + "(must match ^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)");
        }
    }

    @Override
    public String toString() {
        return "SecurerTool[" + signature() + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final Map<String, Arg> args = new LinkedHashMap<>();
        private ToolHandler handler;

        private Builder(String name) {
            checkName("tool", name);
            this.name = name;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description);
            return this;
        }

        /** A required argument. */
        public Builder arg(String argName, ArgType type) {
            return add(new Arg(argName, type, true));
        }

        /** An optional argument: NULL in R by default, absent from {@link ToolArgs} when NULL. */
        public Builder optionalArg(String argName, ArgType type) {
            return add(new Arg(argName, type, false));
        }

        private Builder add(Arg a) {
            if (args.putIfAbsent(a.name(), a) != null) {
                throw new IllegalArgumentException("tool '" + name + "' declares argument '" + a.name() + "' twice");
            }
            return this;
        }

        public Builder handler(ToolHandler handler) {
            this.handler = Objects.requireNonNull(handler);
            return this;
        }

        public SecurerTool build() {
            return new SecurerTool(this);
        }
    }
}

package io.securer.langchain4j;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.securer.ArgType;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import io.securer.ToolHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The two R functions that let the model look host functions up instead of reading them all in the
 * {@code run_r_code} description: {@code list_tools(pattern = NULL)} (a data frame of name and
 * one-line description, filtered by a regular expression) and {@code tool_help(name)} (one
 * function's full signature and description). Built by {@link SecurerTools#withCatalog}. Immutable
 * and thread-safe.
 */
final class ToolCatalog {
    static final String LIST_TOOLS = "list_tools";
    static final String TOOL_HELP = "tool_help";
    /** Longest one-line summary, in characters. */
    static final int SUMMARY_CHARS = 100;

    private ToolCatalog() {
    }

    /** The catalog functions for {@code tools} (which must not contain catalog functions). */
    static List<SecurerTool> functions(List<SecurerTool> tools) {
        Map<String, SecurerTool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        SecurerTool list = SecurerTool.builder(LIST_TOOLS)
                .description("Lists the host functions: a data frame of name and description; pattern (a "
                        + "regular expression, case-insensitive) keeps those whose name or description matches")
                .optionalArg("pattern", ArgType.CHARACTER)
                .handler(new ListTools(byName)).build();
        SecurerTool help = SecurerTool.builder(TOOL_HELP)
                .description("The signature and full description of one host function")
                .arg("name", ArgType.CHARACTER)
                .handler(new ToolHelp(byName)).build();
        return List.of(list, help);
    }

    /** True for the functions {@link #functions} builds. */
    static boolean isCatalog(SecurerTool tool) {
        return tool.handler() instanceof Handler;
    }

    /** A tool's description cut to one short line: its first sentence, at most {@value #SUMMARY_CHARS} characters. */
    static String summary(SecurerTool tool) {
        String d = SchemaText.fold(tool.description());
        int sentence = d.indexOf(". ");
        if (sentence >= 0) {
            d = d.substring(0, sentence + 1);
        }
        if (d.length() <= SUMMARY_CHARS) {
            return d;
        }
        int cut = d.lastIndexOf(' ', SUMMARY_CHARS - 3);
        return d.substring(0, cut > 0 ? cut : SUMMARY_CHARS - 3) + "...";
    }

    /** One host function as the full description lists it: {@code signature: description}. */
    static String line(SecurerTool tool) {
        String d = SchemaText.fold(tool.description());
        return tool.signature() + (d.isEmpty() ? "" : ": " + d);
    }

    private abstract static sealed class Handler implements ToolHandler permits ListTools, ToolHelp {
        final Map<String, SecurerTool> tools;

        Handler(Map<String, SecurerTool> tools) {
            this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools)); // in the order given
        }
    }

    private static final class ListTools extends Handler {
        ListTools(Map<String, SecurerTool> tools) {
            super(tools);
        }

        @Override
        public Object call(ToolArgs args) {
            Pattern pattern = null;
            if (args.has("pattern")) {
                String p = args.getString("pattern");
                try {
                    pattern = Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("pattern '" + p + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            for (SecurerTool t : tools.values()) {
                if (pattern == null || pattern.matcher(t.name()).find()
                        || pattern.matcher(SchemaText.fold(t.description())).find()) {
                    rows.addObject().put("name", t.name()).put("description", summary(t));
                }
            }
            return rows;
        }
    }

    private static final class ToolHelp extends Handler {
        ToolHelp(Map<String, SecurerTool> tools) {
            super(tools);
        }

        @Override
        public Object call(ToolArgs args) {
            String name = args.getString("name");
            SecurerTool t = tools.get(name);
            if (t == null) {
                List<String> close = new ArrayList<>();
                tools.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).forEach(close::add);
                throw new IllegalArgumentException("there is no host function '" + name + "'"
                        + (close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)")
                        + "; list_tools() lists them");
            }
            return line(t);
        }
    }
}

package io.securer.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import io.securer.SecurerTool;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Converts LangChain4j tools into {@link SecurerTool}s, so that R code can call them as R functions
 * of the same name ("code mode": one R program calls many tools instead of one model round trip per
 * call), and adapts lists of such functions (renaming, a catalog for large tool sets).
 *
 * <p><b>Arguments.</b> Each JSON Schema property becomes an argument: string, enum and
 * java.time shapes → character (R also takes a factor, Date or POSIXct), integer → integer, number →
 * numeric, boolean → logical, array and object → list (R takes any vector or list), anything else →
 * any. Required properties are required arguments; the others default to NULL and are left out of
 * the call when NULL. R's natural values are converted to the JSON the schema describes
 * ({@code c('a','b')}, {@code 'a'} and {@code character(0)} for a list of strings; {@code c(a = 1)}
 * for a map; a Date for a {@code LocalDate}; a named vector given for a list gives its values in
 * order), then checked against the schema: a value that does not fit is refused with an R error
 * naming the argument and what was expected, and the tool does not run.
 *
 * <p><b>Results.</b> A {@code @Tool} method's return value reaches R as itself: a {@code String} as
 * character (never re-parsed), {@code null} as {@code NULL}, {@code void} as an invisible
 * {@code NULL}, anything else as the JSON LangChain4j writes for it (a list of records becomes a
 * data.frame). Other executors only give text: a JSON object or array is parsed, other text stays
 * text. An exception thrown by the tool becomes an R error.
 *
 * <p>The memory id handed to the executor is the chat memory id of the {@code run_r_code} call
 * whose R code called the tool ({@link io.securer.ToolArgs#context()}, set by {@link RCodeTool}), or
 * {@value #MEMORY_ID} when the session is used directly.
 *
 * <p>Stateless; the returned lists and tools are immutable and thread-safe if the wrapped executors are.
 */
public final class SecurerTools {
    /** The memory id converted tools are called with (LangChain4j's own default id). */
    public static final String MEMORY_ID = "default";

    /**
     * With more host functions than this (the catalog functions not counted) and a catalog from
     * {@link #withCatalog}, the {@code run_r_code} description lists only names and one-line
     * summaries, and tells the model to use {@code list_tools(pattern)} and {@code tool_help(name)}.
     */
    public static final int CATALOG_THRESHOLD = 20;

    private SecurerTools() {
    }

    /**
     * Converts each specification and its executor, in the map's iteration order. A
     * {@link DefaultToolExecutor} gives R its method's return value; any other executor its text.
     *
     * @throws IllegalArgumentException when a tool or parameter name is not a valid R identifier,
     *                                  or two tools share a name
     */
    public static List<SecurerTool> from(Map<ToolSpecification, ToolExecutor> tools) {
        Objects.requireNonNull(tools, "tools");
        List<SecurerTool> out = new ArrayList<>(tools.size());
        Set<String> names = new HashSet<>();
        tools.forEach((spec, executor) -> {
            SecurerTool t = convert(spec, executor);
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two LangChain4j tools are named '" + t.name() + "'");
            }
            out.add(t);
        });
        return List.copyOf(out);
    }

    /**
     * Converts every {@link Tool @Tool} method of the given objects, using LangChain4j's own
     * specification builder and {@link DefaultToolExecutor}, so arguments are coerced exactly as
     * they are when the model calls the tool directly.
     *
     * @throws IllegalArgumentException as {@link #from(Map)}, or when an object has no {@code @Tool} method
     */
    public static List<SecurerTool> fromObjects(Object... objects) {
        Objects.requireNonNull(objects, "objects");
        Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (Object object : objects) {
            Objects.requireNonNull(object, "tool object");
            int before = tools.size();
            for (Method method : object.getClass().getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Tool.class)) {
                    continue;
                }
                ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(method);
                method.setAccessible(true); // package-private tool classes are common; AiServices allows them too
                // By default DefaultToolExecutor turns a thrown exception into a normal-looking result
                // string; R code would then compute on an error message. Propagate it as an R error.
                tools.put(spec, DefaultToolExecutor.builder().object(object).originalMethod(method)
                        .methodToInvoke(method).propagateToolExecutionExceptions(true)
                        .wrapToolArgumentsExceptions(true).build());
            }
            if (tools.size() == before) {
                throw new IllegalArgumentException(object.getClass().getName() + " has no @Tool methods");
            }
        }
        ToolSpecifications.validateSpecifications(new ArrayList<>(tools.keySet()));
        return from(tools);
    }

    /**
     * Converts every tool {@code provider} offers (e.g. LangChain4j's {@code McpToolProvider} over
     * several MCP servers), asking it once with memory id {@value #MEMORY_ID}; see
     * {@link #from(ToolProvider, ToolProviderRequest)}.
     */
    public static List<SecurerTool> from(ToolProvider provider) {
        return ProviderTools.from(provider, ProviderTools.defaultRequest());
    }

    /**
     * Converts every tool {@code provider} offers for {@code request}, as {@link #from(Map)} does.
     * The tool list is read once, now: a dynamic provider's later changes do not reach R. Calls
     * still run the provider's executors, with the memory id of the {@code run_r_code} call.
     * Names that are not R identifiers ({@code get-orders}) become R names ({@code get_orders});
     * the executor still gets the original name.
     *
     * @throws IllegalArgumentException when two tools map to one R name, or a tool cannot become an R function
     */
    public static List<SecurerTool> from(ToolProvider provider, ToolProviderRequest request) {
        return ProviderTools.from(provider, request);
    }

    /**
     * {@code tools} followed by two R functions for finding host functions: {@code list_tools(pattern
     * = NULL)}, a data frame of name and one-line description whose name or description matches the
     * regular expression {@code pattern} (case-insensitive; all of them without one; an empty list
     * when none matches), and {@code tool_help(name)}, one function's signature and full
     * description. With more than {@value #CATALOG_THRESHOLD} other functions, the
     * {@code run_r_code} description then lists only their names and summaries. Catalog functions
     * already in {@code tools} are replaced, so lists can be combined and wrapped again.
     *
     * @throws IllegalArgumentException when a tool is already named {@code list_tools} or {@code tool_help}
     */
    public static List<SecurerTool> withCatalog(List<SecurerTool> tools) {
        List<SecurerTool> hosts = withoutCatalog(tools);
        for (SecurerTool t : hosts) {
            if (t.name().equals(ToolCatalog.LIST_TOOLS) || t.name().equals(ToolCatalog.TOOL_HELP)) {
                throw new IllegalArgumentException("a tool is already named '" + t.name()
                        + "'; rename it (SecurerTools.renamed) before adding the catalog");
            }
        }
        List<SecurerTool> out = new ArrayList<>(hosts);
        out.addAll(ToolCatalog.functions(hosts));
        return List.copyOf(out);
    }

    /**
     * The same tools with {@code prefix} before each name, e.g. {@code prefixed("crm_", tools)} turns
     * {@code search} into {@code crm_search}: a way around a name that masks an R function, or two
     * sources with the same tool names. A catalog ({@link #withCatalog}) in the list is rebuilt
     * for the new names and keeps its own.
     *
     * @throws IllegalArgumentException when a new name is not a valid R identifier, or two tools would share one
     */
    public static List<SecurerTool> prefixed(String prefix, List<SecurerTool> tools) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        Map<String, String> names = new LinkedHashMap<>();
        withoutCatalog(tools).forEach(t -> names.put(t.name(), prefix + t.name()));
        return renamed(tools, names);
    }

    /**
     * The same tools, those named in {@code newNames} (old name → new name) renamed; the others as
     * they are. A catalog in the list is rebuilt for the new names.
     *
     * @throws IllegalArgumentException when a name to change is not in the list, a new name is not a
     *                                  valid R identifier, or two tools would share a name
     */
    public static List<SecurerTool> renamed(List<SecurerTool> tools, Map<String, String> newNames) {
        Objects.requireNonNull(newNames, "newNames");
        List<SecurerTool> hosts = withoutCatalog(tools);
        boolean catalog = hosts.size() != tools.size();
        Set<String> present = new HashSet<>();
        hosts.forEach(t -> present.add(t.name()));
        for (String old : newNames.keySet()) {
            if (!present.contains(old)) {
                throw new IllegalArgumentException("there is no tool named '" + old + "' to rename");
            }
        }
        List<SecurerTool> out = new ArrayList<>(hosts.size());
        Set<String> names = new HashSet<>();
        for (SecurerTool t : hosts) {
            String name = newNames.containsKey(t.name())
                    ? Objects.requireNonNull(newNames.get(t.name()), "new name of '" + t.name() + "'") : t.name();
            SecurerTool r = name.equals(t.name()) ? t : t.renamed(name);
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("two tools would be named '" + r.name() + "'");
            }
            out.add(r);
        }
        return catalog ? withCatalog(out) : List.copyOf(out);
    }

    private static List<SecurerTool> withoutCatalog(List<SecurerTool> tools) {
        Objects.requireNonNull(tools, "tools");
        return tools.stream().map(t -> Objects.requireNonNull(t, "tool"))
                .filter(t -> !ToolCatalog.isCatalog(t)).toList();
    }

    /** One LangChain4j tool as an R function; also the building block for other tool sources. */
    static SecurerTool convert(ToolSpecification spec, ToolExecutor executor) {
        Objects.requireNonNull(spec, "tool specification");
        Objects.requireNonNull(executor, "executor of tool '" + spec.name() + "'");
        String name = spec.name();
        JsonObjectSchema parameters = spec.parameters();
        SecurerTool.Builder b;
        try {
            b = SecurerTool.builder(name).description(SchemaText.describe(spec));
        } catch (IllegalArgumentException e) { // e.g. reserved words such as "repeat" or "function"
            throw new IllegalArgumentException("LangChain4j tool '" + name + "' cannot become an R function: "
                    + e.getMessage(), e);
        }
        if (parameters != null && parameters.properties() != null) {
            Map<String, JsonSchemaElement> defs = JsonArguments.definitions(parameters);
            List<String> required = parameters.required() == null ? List.of() : parameters.required();
            for (Map.Entry<String, JsonSchemaElement> p : parameters.properties().entrySet()) {
                String param = p.getKey();
                try {
                    if (required.contains(param)) {
                        b.arg(param, SchemaTypes.argType(p.getValue(), defs));
                    } else {
                        b.optionalArg(param, SchemaTypes.argType(p.getValue(), defs));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter '" + param + "' of LangChain4j tool '" + name
                            + "' cannot become an R argument: " + e.getMessage(), e);
                }
            }
        }
        return b.handler(new ConvertedToolHandler(spec, executor)).build();
    }
}

package io.securer.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Converts LangChain4j tools into {@link SecurerTool}s, so that R code can call them as R functions
 * of the same name ("code mode": one R program calls many tools instead of one model round trip per
 * call). Each JSON Schema property becomes an argument: string and enum → character, integer →
 * integer, number → numeric, boolean → logical, array and object → list, anything else → any.
 * Required properties are required arguments; the others default to NULL in R and are left out of
 * the call when NULL.
 *
 * <p>A call from R runs the original {@link ToolExecutor} on the host (outside the sandbox) with a
 * JSON arguments string built from what R passed. If the tool's answer parses as a JSON object,
 * array, number or boolean, R receives the parsed data (an array of records becomes a data.frame);
 * otherwise it receives the text. An exception thrown by the tool becomes an R error.
 *
 * <p>The memory id handed to the executor is the chat memory id of the {@code run_r_code} call
 * whose R code called the tool ({@link io.securer.ToolArgs#context()}, set by {@link RCodeTool}), or
 * {@value #MEMORY_ID} when the session is used directly.
 *
 * <p>Stateless; the returned tools are immutable and thread-safe if the wrapped executors are.
 */
public final class SecurerTools {
    /** The memory id converted tools are called with (LangChain4j's own default id). */
    public static final String MEMORY_ID = "default";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final AtomicLong CALL_IDS = new AtomicLong();

    private SecurerTools() {
    }

    /**
     * Converts each specification and its executor, in the map's iteration order.
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

    static SecurerTool convert(ToolSpecification spec, ToolExecutor executor) {
        Objects.requireNonNull(spec, "tool specification");
        Objects.requireNonNull(executor, "executor of tool '" + spec.name() + "'");
        String name = spec.name();
        JsonObjectSchema parameters = spec.parameters();
        SecurerTool.Builder b;
        try {
            b = SecurerTool.builder(name).description(describe(spec));
        } catch (IllegalArgumentException e) { // e.g. reserved words such as "repeat" or "function"
            throw new IllegalArgumentException("LangChain4j tool '" + name + "' cannot become an R function: "
                    + e.getMessage(), e);
        }
        if (parameters != null && parameters.properties() != null) {
            List<String> required = parameters.required() == null ? List.of() : parameters.required();
            for (Map.Entry<String, JsonSchemaElement> p : parameters.properties().entrySet()) {
                String param = p.getKey();
                try {
                    if (required.contains(param)) {
                        b.arg(param, SchemaTypes.argType(p.getValue()));
                    } else {
                        b.optionalArg(param, SchemaTypes.argType(p.getValue()));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter '" + param + "' of LangChain4j tool '" + name
                            + "' cannot become an R argument: " + e.getMessage(), e);
                }
            }
        }
        return b.handler(args -> {
            ToolExecutionRequest request = ToolExecutionRequest.builder()
                    .id("securer-" + CALL_IDS.incrementAndGet())
                    .name(name)
                    .arguments(JsonArguments.build(args, parameters))
                    .build();
            Object memoryId = args.context() == null ? MEMORY_ID : args.context();
            return parseResult(executor.execute(request, memoryId));
        }).build();
    }

    /** The tool's description followed by its parameters' descriptions, for the model's prompt. */
    static String describe(ToolSpecification spec) {
        StringBuilder sb = new StringBuilder(spec.description() == null ? "" : spec.description().strip());
        JsonObjectSchema parameters = spec.parameters();
        if (parameters != null && parameters.properties() != null) {
            List<String> params = new ArrayList<>();
            parameters.properties().forEach((param, schema) -> {
                String d = describe(schema);
                if (d != null && !d.isBlank() && !d.strip().equals(param)) {
                    params.add(param + ": " + d.strip());
                }
            });
            if (!params.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append("(").append(String.join("; ", params)).append(")");
            }
        }
        return sb.toString();
    }

    private static String describe(JsonSchemaElement schema) {
        return schema == null ? null : schema.description();
    }

    /**
     * JSON objects, arrays, numbers and booleans go to R as data; anything else (plain text, JSON
     * strings, null) as the text itself.
     */
    static Object parseResult(String result) {
        if (result == null) {
            return null;
        }
        String s = result.strip();
        if (s.isEmpty()) {
            return result;
        }
        char c = s.charAt(0);
        if (c != '{' && c != '[' && c != '-' && c != 't' && c != 'f' && !Character.isDigit(c)) {
            return result;
        }
        try {
            JsonNode node = MAPPER.readTree(s);
            if (node != null && (node.isContainerNode() || node.isNumber() || node.isBoolean())) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text is the answer
        }
        return result;
    }
}

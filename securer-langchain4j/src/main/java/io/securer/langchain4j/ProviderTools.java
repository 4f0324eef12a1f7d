package io.securer.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.securer.SecurerTool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The logic behind {@link SecurerTools#from(ToolProvider)}: asks a {@link ToolProvider} (e.g.
 * LangChain4j's {@code McpToolProvider} over several MCP servers) for its tools once, and converts
 * each with {@link SecurerTools#from(Map)}.
 *
 * <p>Tool names from other servers are often not R identifiers ({@code get-orders},
 * {@code files.read}); such a name is rewritten ({@link #rName}) and the executor is still called
 * with the original name, so the provider finds its tool. Two tools that end up with the same R
 * name are rejected, naming both originals. Stateless and thread-safe.
 */
final class ProviderTools {
    /** The user message of the request {@link SecurerTools#from(ToolProvider)} sends: none is known yet. */
    static final String LISTING_MESSAGE = "(securer: listing the tools R code may call)";
    private static final Pattern NOT_R_NAME_CHAR = Pattern.compile("[^A-Za-z0-9_.]");
    private static final Pattern R_NAME_START = Pattern.compile("[A-Za-z].*|\\.(?![0-9]).*");

    private ProviderTools() {
    }

    /** The request used when the caller gives none: memory id {@value SecurerTools#MEMORY_ID}. */
    static ToolProviderRequest defaultRequest() {
        return new ToolProviderRequest(SecurerTools.MEMORY_ID, UserMessage.from(LISTING_MESSAGE));
    }

    static List<SecurerTool> from(ToolProvider provider, ToolProviderRequest request) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(request, "request");
        ToolProviderResult result = provider.provideTools(request);
        if (result == null) {
            return List.of();
        }
        // Keyed by R name, not by ToolSpecification: two servers offering an identical tool would
        // otherwise collapse into one map entry without a word.
        Map<String, String> originalByRName = new LinkedHashMap<>();
        Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        result.aiServiceTools().forEach(tool -> {
            ToolSpecification spec = tool.toolSpecification();
            String original = spec.name();
            String rName = rName(original);
            String clash = originalByRName.putIfAbsent(rName, original);
            if (clash != null) {
                throw new IllegalArgumentException("the tool provider offers two tools that would both be the R "
                        + "function '" + rName + "': '" + clash + "' and '" + original + "'");
            }
            ToolExecutor executor = tool.toolExecutor();
            if (rName.equals(original)) {
                tools.put(spec, executor);
            } else {
                tools.put(spec.toBuilder().name(rName).build(),
                        (req, memoryId) -> executor.execute(req.toBuilder().name(original).build(), memoryId));
            }
        });
        return SecurerTools.from(tools);
    }

    /**
     * {@code name} as an R function name: every character other than a letter, digit, {@code _} or
     * {@code .} becomes {@code _}, and a name that then does not start with a letter or a dot
     * followed by a non-digit gets the prefix {@code tool_}. Valid names are returned unchanged.
     */
    static String rName(String name) {
        Objects.requireNonNull(name, "tool name");
        String n = NOT_R_NAME_CHAR.matcher(name).replaceAll("_");
        return R_NAME_START.matcher(n).matches() ? n : "tool_" + n;
    }
}

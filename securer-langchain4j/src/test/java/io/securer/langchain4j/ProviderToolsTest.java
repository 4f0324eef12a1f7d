package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SecurerTools#from(ToolProvider)}: every tool a provider offers becomes an R function. */
class ProviderToolsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What an executor saw: the request name, its JSON arguments and the memory id. */
    record Call(String name, String arguments, Object memoryId) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final AtomicReference<ToolProviderRequest> seenRequest = new AtomicReference<>();

    private ToolExecutor recording(String answer) {
        return (request, memoryId) -> {
            calls.add(new Call(request.name(), request.arguments(), memoryId));
            return answer;
        };
    }

    private ToolProvider provider(ToolProviderResult result) {
        return request -> {
            seenRequest.set(request);
            return result;
        };
    }

    private static ToolSpecification spec(String name, String... requiredStrings) {
        JsonObjectSchema.Builder params = JsonObjectSchema.builder();
        for (String p : requiredStrings) {
            params.addStringProperty(p);
        }
        return ToolSpecification.builder().name(name).description(name + " tool")
                .parameters(params.required(requiredStrings).build()).build();
    }

    private static ObjectNode args(String name, String value) {
        ObjectNode o = MAPPER.createObjectNode();
        o.putArray(name).add(value); // as R sends a length-1 character vector
        return o;
    }

    @Test
    void everyToolBecomesAnRFunctionAndCallsRunTheProvidersExecutorWithTheCallsMemoryId() throws Exception {
        ToolProviderResult offered = ToolProviderResult.builder()
                .add(spec("get_orders", "region"), recording("[{\"id\":1,\"amount\":12.5},{\"id\":2,\"amount\":7}]"))
                .add(spec("fx_rate", "from", "to"), recording("1.08"))
                .build();

        List<SecurerTool> tools = SecurerTools.from(provider(offered));

        assertEquals(List.of("get_orders(region: character)", "fx_rate(from: character, to: character)"),
                tools.stream().map(SecurerTool::signature).toList());
        Object orders = tools.get(0).handler().call(ToolArgs.of(args("region", "EU"), "chat-42"));
        assertEquals("[{\"id\":1,\"amount\":12.5},{\"id\":2,\"amount\":7}]",
                assertInstanceOf(JsonNode.class, orders).toString(), "JSON text arrives as data (an R data.frame)");
        assertEquals(List.of(new Call("get_orders", "{\"region\":\"EU\"}", "chat-42")), calls);
    }

    @Test
    void withoutACallContextTheExecutorGetsTheDefaultMemoryId() throws Exception {
        List<SecurerTool> tools = SecurerTools.from(provider(ToolProviderResult.builder()
                .add(spec("ping"), recording("pong")).build()));

        assertEquals("pong", tools.get(0).handler().call(ToolArgs.of(MAPPER.createObjectNode(), null)));
        assertEquals(List.of(new Call("ping", "{}", SecurerTools.MEMORY_ID)), calls);
    }

    @Test
    void theProviderIsAskedWithTheDefaultRequestOrTheGivenOne() {
        ToolProvider p = provider(ToolProviderResult.builder().add(spec("ping"), recording("pong")).build());

        SecurerTools.from(p);
        assertEquals(SecurerTools.MEMORY_ID, seenRequest.get().chatMemoryId());
        assertEquals(ProviderTools.LISTING_MESSAGE, seenRequest.get().userMessage().singleText());

        ToolProviderRequest mine = new ToolProviderRequest("user-7", UserMessage.from("what sold best?"));
        SecurerTools.from(p, mine);
        assertSame(mine, seenRequest.get());
    }

    @Test
    void namesThatAreNotRIdentifiersAreRewrittenAndTheExecutorStillGetsTheOriginalName() throws Exception {
        ToolProviderResult offered = ToolProviderResult.builder()
                .add(spec("get-orders", "region"), recording("[]"))
                .add(spec("files.read"), recording("x"))
                .build();

        List<SecurerTool> tools = SecurerTools.from(provider(offered));

        assertEquals(List.of("get_orders", "files.read"), tools.stream().map(SecurerTool::name).toList());
        tools.get(0).handler().call(ToolArgs.of(args("region", "US"), "c"));
        assertEquals(List.of(new Call("get-orders", "{\"region\":\"US\"}", "c")), calls);
    }

    @Test
    void twoToolsThatWouldShareAnRNameAreRejectedNamingBoth() {
        ToolProviderResult offered = ToolProviderResult.builder()
                .add(spec("get-orders"), recording("a"))
                .add(spec("get_orders"), recording("b"))
                .build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.from(provider(offered)));
        assertEquals("the tool provider offers two tools that would both be the R function 'get_orders': "
                + "'get-orders' and 'get_orders'", e.getMessage());
    }

    @Test
    void aProviderWithNothingToOfferGivesNoTools() {
        assertEquals(List.of(), SecurerTools.from(provider(null)));
        assertEquals(List.of(), SecurerTools.from(provider(ToolProviderResult.builder().build())));
    }

    @Test
    void rNamesKeepValidNamesAndRepairTheRest() {
        assertEquals("get_orders", ProviderTools.rName("get_orders"));
        assertEquals(".hidden", ProviderTools.rName(".hidden"));
        assertEquals("brave_web_search", ProviderTools.rName("brave-web-search"));
        assertEquals("github_list_issues", ProviderTools.rName("github/list issues"));
        assertEquals("tool_2fa_check", ProviderTools.rName("2fa-check"));
        assertEquals("tool__private", ProviderTools.rName("_private"));
        assertEquals("tool_.5x", ProviderTools.rName(".5x"));
        assertEquals("tool__berblick", ProviderTools.rName("überblick"));
    }
}

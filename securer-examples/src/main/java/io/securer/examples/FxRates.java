package io.securer.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Locale;
import java.util.Map;

/** Fixed exchange rates for the demos, exposed as a LangChain4j tool. Stateless and thread-safe. */
public final class FxRates {
    private static final Map<String, Double> PER_EUR = Map.of("EUR", 1.0, "USD", 1.08, "GBP", 0.85, "JPY", 160.0);

    @Tool(name = "fx_rate", value = "Exchange rate: how many units of currency 'to' one unit of currency 'from' buys. "
            + "Currencies: EUR, USD, GBP, JPY.")
    public double fxRate(@P("ISO code of the currency to convert from") String from,
                         @P("ISO code of the currency to convert to") String to) {
        return perEur(to) / perEur(from);
    }

    private static double perEur(String currency) {
        Double rate = currency == null ? null : PER_EUR.get(currency.toUpperCase(Locale.ROOT));
        if (rate == null) {
            throw new IllegalArgumentException("no exchange rate for '" + currency + "'; known: EUR, USD, GBP, JPY");
        }
        return rate;
    }
}

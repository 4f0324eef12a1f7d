package io.securer;

import java.util.List;

/**
 * Outcome of {@link SecureSession#validate(String)}.
 *
 * @param valid    whether R could parse the code
 * @param error    R's parse error when not valid, else null
 * @param warnings advisory notes about calls that reach outside R (system, .Call, url, ...); the
 *                 sandbox, not this list, is what contains them
 */
public record ValidationResult(boolean valid, String error, List<String> warnings) {
    public ValidationResult {
        warnings = List.copyOf(warnings);
        if (valid && error != null) {
            throw new IllegalArgumentException("a valid result has no error");
        }
    }
}

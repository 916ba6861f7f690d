package dev.annotations.api.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything we print: log lines, exception messages, the configuration we
 * announce at start. A ClickHouse URL may carry a password in two places — {@code jdbc:ch://user:pass@host}
 * and a query parameter such as {@code ?password=…} — and the driver's messages may quote either, so
 * text we print that may hold one goes through here.
 */
public final class Redaction {
    public static final String MASK = "***";
    /** {@code scheme://user:password@}: the password part. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:\\s]*:)([^/?#@\\s]*)@");
    /**
     * A query or property parameter whose name says it is a secret, in a URL or in free text such as a driver's
     * message ({@code … password=x, …}).
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s,(])[\\w.-]*(?:password|passwd|pwd|secret|token|key)[\\w.-]*\\s*=)([^&;#\\s,)]*)");

    private final List<String> secrets;

    private Redaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redaction that also masks these literal secrets wherever they appear (blank ones are ignored). */
    public static Redaction of(Collection<String> secrets) {
        return new Redaction(secrets.stream().filter(secret -> secret != null && !secret.isBlank()).toList());
    }

    /** The secrets of a configuration: the ClickHouse password, and passwords written into its URL. */
    public static Redaction of(AppConfig config) {
        List<String> secrets = new java.util.ArrayList<>();
        secrets.add(config.clickhousePassword());
        config.clickhouseUrl().ifPresent(url -> secrets.addAll(passwordsIn(url)));
        config.bootstrapAdminKey().ifPresent(secrets::add);
        return of(secrets);
    }

    /** {@code text} (a URL, or a message that may quote one) with every password-looking part masked. */
    public static String url(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK + "@"));
        return SECRET_PARAMETER.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
    }

    /** {@code text} with URL passwords and every known secret masked. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = url(text);
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private static List<String> passwordsIn(String url) {
        List<String> found = new java.util.ArrayList<>();
        Matcher userInfo = USER_INFO.matcher(url);
        while (userInfo.find()) {
            Optional.of(userInfo.group(2)).filter(password -> !password.isEmpty()).ifPresent(found::add);
        }
        Matcher parameter = SECRET_PARAMETER.matcher(url);
        while (parameter.find()) {
            Optional.of(parameter.group(2)).filter(password -> !password.isEmpty()).ifPresent(found::add);
        }
        return found;
    }
}

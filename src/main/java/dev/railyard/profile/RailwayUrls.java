package dev.railyard.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.db.Dialect;
import dev.railyard.home.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what Railway gives a user into a {@link ParsedConnection}: a connection URL
 * ({@code postgresql://}, {@code postgres://}, {@code mysql://}, optionally behind {@code jdbc:}),
 * or a block of variables from Railway's Raw Editor, a {@code .env} file or
 * {@code railway variables --kv} ({@code KEY=value} lines, or the Raw Editor's JSON form).
 *
 * <p>Defaults: a missing port is the dialect's; a missing database is, for PostgreSQL, the user
 * name (what libpq and psql do) and, for MySQL, none (no default schema). "railway" is not
 * assumed: a database elsewhere rarely has that name. SSL follows
 * {@link ConnectionProfile#defaultSslMode(String)} unless the text says otherwise.
 *
 * <p>Passwords in URLs must percent-encode {@code ? # %} (Railway's generated passwords need no
 * encoding); a raw {@code @ : /} in a password is tolerated. No error message repeats a password.
 */
public final class RailwayUrls {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?[A-Za-z_][A-Za-z0-9_.]*\\s*=.*", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private static final String PUBLIC_URL = "DATABASE_PUBLIC_URL";
    private static final String PRIVATE_URL = "DATABASE_URL";
    private static final String PUBLIC_UNPOOLED = "DATABASE_PUBLIC_UNPOOLED_URL";
    private static final String PRIVATE_UNPOOLED = "DATABASE_UNPOOLED_URL";
    private static final String MYSQL_PUBLIC_URL = "MYSQL_PUBLIC_URL";
    private static final String MYSQL_PRIVATE_URL = "MYSQL_URL";

    /** Preferred first: public before private, pooled URL before the unpooled one used alone. */
    private static final List<String> URL_VARIABLES = List.of(PUBLIC_URL, MYSQL_PUBLIC_URL, PRIVATE_URL,
            MYSQL_PRIVATE_URL, PUBLIC_UNPOOLED, PRIVATE_UNPOOLED);

    private RailwayUrls() {
    }

    /** Decides whether the text is a single URL or a block of variables, and reads it. */
    public static ParsedConnection parse(String anything) {
        String text = anything == null ? "" : anything.strip();
        if (text.isEmpty()) {
            throw new ConnectionStringException("Nothing to read: paste a connection URL (postgresql://... or mysql://...) "
                    + "or the variables of the database service in Railway");
        }
        if (text.startsWith("{") || text.startsWith("#") || ASSIGNMENT.matcher(text).matches() || text.contains("\n") || text.contains("\r")) {
            return parseVariables(text);
        }
        return parseUrl(text);
    }

    /** Reads one connection URL. */
    public static ParsedConnection parseUrl(String url) {
        return readUrl(url, "The URL").toParsed();
    }

    /** Reads a block of Railway variables ({@code KEY=value} lines or a JSON object). */
    public static ParsedConnection parseVariables(String block) {
        Map<String, String> vars = block.strip().startsWith("{") ? readJson(block) : readLines(block);
        return fromVariables(new Variables(vars));
    }

    // ---- URLs ----------------------------------------------------------------------------------

    /** Work in progress while a URL is read; knows whether it looks like PgBouncer. */
    private static final class Draft {
        Dialect dialect;
        String host;
        int port;
        String database;
        String user;
        String password;
        SslMode sslMode;
        boolean explicitDatabase;
        String pgBouncerReason;
        final List<String> warnings = new ArrayList<>();

        ParsedConnection toParsed() {
            List<String> all = new ArrayList<>(warnings);
            if (pgBouncerReason != null) {
                all.add(pgBouncerWarning(host, port, pgBouncerReason));
            }
            return new ParsedConnection(dialect, host, port, database, user, password, sslMode, null, 0, all);
        }
    }

    private static Draft readUrl(String raw, String what) {
        String url = unquote(raw == null ? "" : raw.strip());
        if (url.isEmpty()) {
            throw new ConnectionStringException(what + " is empty");
        }
        checkNoReference(url, what);
        if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            url = url.substring(5);
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new ConnectionStringException(what + " is not a connection URL: expected postgresql://user:password@host:port/database "
                    + "or mysql://user:password@host:port/database");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Draft d = new Draft();
        d.dialect = switch (scheme) {
            case "postgresql", "postgres", "pgsql" -> Dialect.POSTGRESQL;
            case "mysql", "mysql2", "mariadb", "mysqlx" -> Dialect.MYSQL;
            default -> throw new ConnectionStringException(what + " has the scheme '" + shorten(scheme)
                    + "://', which Railyard does not read: use postgresql://, postgres:// or mysql://");
        };
        if (scheme.equals("mysqlx")) {
            throw new ConnectionStringException(what + " uses the X Protocol (mysqlx://, port 33060): use the classic mysql:// URL");
        }
        String rest = url.substring(schemeEnd + 3);

        // The query starts at the first '?' (or '#'); credentials end at the last '@' before it,
        // so raw '@', ':' and '/' in a password still read as the user meant.
        int queryStart = indexOfAny(rest, "?#");
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        String query = queryStart < 0 || rest.charAt(queryStart) == '#' ? "" : rest.substring(queryStart + 1);
        int fragment = query.indexOf('#');
        if (fragment >= 0) {
            query = query.substring(0, fragment);
        }
        int at = beforeQuery.lastIndexOf('@');
        String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
        String hostAndPath = at < 0 ? beforeQuery : beforeQuery.substring(at + 1);

        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            d.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            d.password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }

        int slash = hostAndPath.indexOf('/');
        String hostPort = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String path = slash < 0 ? "" : hostAndPath.substring(slash + 1);
        readHostAndPort(hostPort, d, what);

        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        d.database = decode(path);
        d.explicitDatabase = !d.database.isEmpty();

        readQuery(query, d, what);

        if (d.user == null || d.user.isEmpty()) {
            d.user = d.dialect.defaultUser();
        }
        if (!d.explicitDatabase && d.dialect == Dialect.POSTGRESQL) {
            d.database = d.user;
        }
        if (d.sslMode == null) {
            d.sslMode = ConnectionProfile.defaultSslMode(d.host);
        }
        if (ConnectionProfile.isRailwayInternal(d.host)) {
            d.warnings.add(internalWarning(d.host));
        }
        if (d.pgBouncerReason == null && d.dialect == Dialect.POSTGRESQL) {
            String lowerHost = d.host.toLowerCase(Locale.ROOT);
            if (lowerHost.contains("pgbouncer")) {
                d.pgBouncerReason = "its host name says pgbouncer";
            } else if (d.user.toLowerCase(Locale.ROOT).contains("pgbouncer")) {
                d.pgBouncerReason = "its user name says pgbouncer";
            } else if (d.port == 6432) {
                d.pgBouncerReason = "port 6432 is PgBouncer's";
            }
        }
        return d;
    }

    private static void readHostAndPort(String hostPort, Draft d, String what) {
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new ConnectionStringException(what + " has an IPv6 address without its closing ']'");
            }
            d.host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new ConnectionStringException(what + " has unexpected text after the IPv6 address: expected ':port'");
            }
        } else {
            if (hostPort.indexOf(',') >= 0) {
                throw new ConnectionStringException(what + " lists several hosts: Railyard connects to one, so keep only the one you want");
            }
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                throw new ConnectionStringException(what + " has an IPv6 address without brackets: write it as [address]:port");
            }
            d.host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (d.host.isBlank()) {
            throw new ConnectionStringException(what + " has no host: expected ...@host:port/database after the scheme");
        }
        if (d.host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '@' || c == '\\')) {
            throw new ConnectionStringException(what + " has a host name with characters a host name cannot have "
                    + "(if the password contains ? or #, write them as %3F and %23)");
        }
        d.port = portText == null || portText.isEmpty() ? d.dialect.defaultPort() : parsePort(portText, what);
    }

    private static int parsePort(String text, String what) {
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Not echoed: when a password holds an unencoded '?' or '#', this text may be part of it.
            throw new ConnectionStringException(what + " has a port that is not a number"
                    + " (if the password contains ? or #, write them as %3F and %23)");
        }
        if (text.length() > 5 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new ConnectionStringException(what + " has port " + shorten(text) + ", outside 1-65535");
        }
        return Integer.parseInt(text);
    }

    private static void readQuery(String query, Draft d, String what) {
        if (query.isEmpty()) {
            return;
        }
        String sslmode = null;
        String sslFlag = null;
        Set<String> ignored = new TreeSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (key.toLowerCase(Locale.ROOT)) {
                case "sslmode", "ssl-mode", "ssl_mode" -> sslmode = value;
                case "ssl", "usessl", "requiressl" -> sslFlag = value;
                case "user" -> d.user = value;
                case "password" -> d.password = value;
                case "pgbouncer" -> {
                    if (value.isEmpty() || value.equalsIgnoreCase("true")) {
                        d.pgBouncerReason = "it has pgbouncer=true";
                    }
                }
                default -> ignored.add(shorten(key));
            }
        }
        if (sslmode != null) {
            d.sslMode = sslMode(sslmode, "sslmode", what);
        } else if (sslFlag != null) {
            d.sslMode = switch (sslFlag.toLowerCase(Locale.ROOT)) {
                case "", "true", "1", "on", "yes" -> SslMode.REQUIRE;
                case "false", "0", "off", "no" -> SslMode.DISABLE;
                default -> throw new ConnectionStringException(what + " has ssl=" + shorten(sslFlag) + ": use ssl=true or ssl=false");
            };
        }
        if (!ignored.isEmpty()) {
            d.warnings.add("Ignored URL parameter" + (ignored.size() > 1 ? "s " : " ") + String.join(", ", ignored)
                    + ": Railyard sets its own connection options; only sslmode, ssl, user and password are read");
        }
    }

    private static SslMode sslMode(String value, String key, String what) {
        try {
            return SslMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConnectionStringException(what + " has " + key + "=" + shorten(value)
                    + ", which is not an SSL mode: use disable, prefer, require, verify-ca or verify-full");
        }
    }

    /** Percent-decoding as RFC 3986 means it: '+' stays '+'; a '%' not followed by two hex digits stays as typed. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
                i++;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // ---- variable blocks -----------------------------------------------------------------------

    /** KEY=value lines as .env files and Railway's Raw Editor write them. */
    static Map<String, String> readLines(String block) {
        Map<String, String> vars = new LinkedHashMap<>();
        String[] lines = block.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConnectionStringException("Line " + lineNumber + " is not KEY=value"
                        + (line.contains("://") ? " (to read a URL, paste it alone, or as DATABASE_URL=...)" : ""));
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConnectionStringException("Line " + lineNumber + " does not start with a variable name (KEY=value)");
            }
            String value = line.substring(eq + 1).stripLeading();
            if (value.startsWith("\"") || value.startsWith("'")) {
                char quote = value.charAt(0);
                StringBuilder out = new StringBuilder();
                String current = value.substring(1);
                while (true) {
                    int end = quote == '"' ? readDoubleQuoted(current, out) : current.indexOf('\'');
                    if (end >= 0) {
                        if (quote == '\'') {
                            out.append(current, 0, end);
                        }
                        String after = current.substring(end + 1).strip();
                        if (!after.isEmpty() && !after.startsWith("#")) {
                            throw new ConnectionStringException("Line " + lineNumber + " (" + key
                                    + ") has text after the closing quote");
                        }
                        break;
                    }
                    if (quote == '\'') {
                        out.append(current);
                    }
                    if (i >= lines.length) {
                        throw new ConnectionStringException("Line " + lineNumber + " (" + key + ") opens a quote ("
                                + quote + ") that is never closed");
                    }
                    // A quoted value may span lines, as dotenv allows.
                    out.append('\n');
                    current = lines[i];
                    i++;
                }
                vars.put(key, out.toString());
            } else {
                int comment = indexOfInlineComment(value);
                vars.put(key, (comment < 0 ? value : value.substring(0, comment)).strip());
            }
        }
        return vars;
    }

    /** Appends the unescaped text up to the closing '"' and returns its index, or -1 when the line has none. */
    private static int readDoubleQuoted(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\', '$', '\'', '`' -> out.append(next);
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return -1;
    }

    private static int indexOfInlineComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == '#' && Character.isWhitespace(value.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    /** The Raw Editor's JSON view: {"KEY": "value", ...}. */
    static Map<String, String> readJson(String block) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(block);
        } catch (IOException e) {
            // Jackson's message can quote the input, which may hold a password: give only the position.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? " near line " + jpe.getLocation().getLineNr() : "";
            throw new ConnectionStringException("The variables look like JSON but cannot be read" + where
                    + ": expected {\"KEY\": \"value\", ...}");
        }
        if (root == null || !root.isObject()) {
            throw new ConnectionStringException("The variables look like JSON but are not an object: expected {\"KEY\": \"value\", ...}");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                vars.put(field.getKey(), value.asText());
            }
        }
        return vars;
    }

    /** The variables of one block, with Railway's ${{NAME}} references resolved where the block defines NAME. */
    private static final class Variables {
        private final Map<String, String> raw;

        Variables(Map<String, String> raw) {
            this.raw = raw;
        }

        boolean has(String key) {
            String value = raw.get(key);
            return value != null && !value.isEmpty();
        }

        /** The value with references resolved; an error naming the reference when one cannot be. */
        String get(String key) {
            String value = raw.get(key);
            if (value == null || value.isEmpty()) {
                return null;
            }
            String resolved = resolve(value, 0);
            Matcher left = REFERENCE.matcher(resolved);
            if (left.find()) {
                throw new ConnectionStringException(key + " refers to ${{" + shorten(left.group(1))
                        + "}}, which Railway fills in and this text does not contain. Copy the values instead of the "
                        + "Raw Editor's template: open the service's Variables tab and reveal them, or run "
                        + "`railway variables --kv` in the linked project");
            }
            return resolved;
        }

        String first(String... keys) {
            for (String key : keys) {
                if (has(key)) {
                    return get(key);
                }
            }
            return null;
        }

        private String resolve(String value, int depth) {
            if (depth > 10 || !value.contains("${{")) {
                return value;
            }
            Matcher m = REFERENCE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String target = raw.get(name);
                String replacement = target != null && !name.contains(".") ? resolve(target, depth + 1) : m.group();
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        Set<String> keys() {
            return raw.keySet();
        }
    }

    private static ParsedConnection fromVariables(Variables vars) {
        String chosen = URL_VARIABLES.stream().filter(vars::has).findFirst().orElse(null);
        Draft d;
        if (chosen != null) {
            d = readUrl(vars.get(chosen), chosen);
        } else if (vars.has("PGHOST")) {
            chosen = "PGHOST";
            d = fromParts(vars, Dialect.POSTGRESQL);
        } else if (vars.has("MYSQLHOST")) {
            chosen = "MYSQLHOST";
            d = fromParts(vars, Dialect.MYSQL);
        } else {
            throw new ConnectionStringException("No database connection among the variables: expected "
                    + "DATABASE_PUBLIC_URL, DATABASE_URL, MYSQL_PUBLIC_URL, MYSQL_URL, or PGHOST/MYSQLHOST with their "
                    + "PORT, USER, PASSWORD and DATABASE" + (vars.keys().isEmpty() ? "" : " (found "
                    + String.join(", ", vars.keys().stream().limit(12).toList()) + ")"));
        }
        if (d.password == null || d.password.isEmpty()) {
            String fromVars = d.dialect == Dialect.POSTGRESQL
                    ? vars.first("PGPASSWORD", "POSTGRES_PASSWORD")
                    : vars.first("MYSQLPASSWORD", d.user.equals("root") ? "MYSQL_ROOT_PASSWORD" : "MYSQL_PASSWORD");
            if (fromVars != null) {
                d.password = fromVars;
            }
        }
        if (d.dialect == Dialect.POSTGRESQL && (chosen.equals(PUBLIC_URL) || chosen.equals(PRIVATE_URL))) {
            return withUnpooled(d, vars, chosen);
        }
        return d.toParsed();
    }

    private static Draft fromParts(Variables vars, Dialect dialect) {
        boolean pg = dialect == Dialect.POSTGRESQL;
        String prefix = pg ? "PG" : "MYSQL";
        Draft d = new Draft();
        d.dialect = dialect;
        String what = prefix + "HOST";
        String host = vars.get(what).strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        d.host = host;
        String port = vars.get(prefix + "PORT");
        d.port = port == null ? dialect.defaultPort() : parsePort(port.strip(), prefix + "PORT");
        d.user = pg ? vars.first("PGUSER", "POSTGRES_USER") : vars.first("MYSQLUSER", "MYSQL_USER");
        if (d.user == null) {
            d.user = dialect.defaultUser();
        }
        d.password = pg ? vars.first("PGPASSWORD", "POSTGRES_PASSWORD")
                : vars.first("MYSQLPASSWORD", d.user.equals("root") ? "MYSQL_ROOT_PASSWORD" : "MYSQL_PASSWORD");
        String database = pg ? vars.first("PGDATABASE", "POSTGRES_DB") : vars.first("MYSQLDATABASE", "MYSQL_DATABASE");
        d.database = database != null ? database : pg ? d.user : "";
        String ssl = pg ? vars.get("PGSSLMODE") : null;
        d.sslMode = ssl != null ? sslMode(ssl, "PGSSLMODE", "The variables") : ConnectionProfile.defaultSslMode(d.host);
        if (ConnectionProfile.isRailwayInternal(d.host)) {
            d.warnings.add(internalWarning(d.host));
        }
        if (pg && (d.port == 6432 || d.host.toLowerCase(Locale.ROOT).contains("pgbouncer"))) {
            d.pgBouncerReason = d.port == 6432 ? "port 6432 is PgBouncer's" : "its host name says pgbouncer";
        }
        return d;
    }

    /** A pooled URL beside an unpooled one: connect through the pool, back up and migrate through the direct one. */
    private static ParsedConnection withUnpooled(Draft pooled, Variables vars, String chosen) {
        boolean publicPooled = chosen.equals(PUBLIC_URL);
        String unpooledVar = vars.has(PUBLIC_UNPOOLED) ? PUBLIC_UNPOOLED
                : vars.has(PRIVATE_UNPOOLED) ? PRIVATE_UNPOOLED : null;
        if (unpooledVar == null) {
            return pooled.toParsed();
        }
        Draft direct = readUrl(vars.get(unpooledVar), unpooledVar);
        if (direct.host.equalsIgnoreCase(pooled.host) && direct.port == pooled.port) {
            return pooled.toParsed();
        }
        if (publicPooled && unpooledVar.equals(PRIVATE_UNPOOLED) && ConnectionProfile.isRailwayInternal(direct.host)) {
            ParsedConnection result = pooled.toParsed();
            List<String> warnings = new ArrayList<>(result.warnings());
            warnings.add(PRIVATE_UNPOOLED + " is on Railway's private network, which your computer cannot reach: add "
                    + PUBLIC_UNPOOLED + " to use a direct connection for backups and migrations");
            return result.withWarnings(warnings);
        }
        // The pooled URL's PgBouncer warning is answered by the unpooled URL; say what will happen instead.
        pooled.pgBouncerReason = null;
        ParsedConnection result = pooled.toParsed().withUnpooled(direct.host, direct.port);
        List<String> warnings = new ArrayList<>(result.warnings());
        warnings.add(chosen + " goes through PgBouncer; Railyard uses " + unpooledVar + " ("
                + hostPort(direct.host, direct.port) + ") for backups and migrations, which need a direct connection");
        if (!java.util.Objects.equals(direct.user, pooled.user) || !java.util.Objects.equals(direct.password, pooled.password)) {
            warnings.add(unpooledVar + " has a different user or password than " + chosen
                    + "; Railyard uses " + chosen + "'s for both");
        }
        if (direct.explicitDatabase && !direct.database.equals(pooled.database)) {
            warnings.add(unpooledVar + " names another database than " + chosen + "; Railyard uses '"
                    + pooled.database + "' for both");
        }
        return result.withWarnings(warnings);
    }

    // ---- words and small helpers ---------------------------------------------------------------

    private static String internalWarning(String host) {
        return host + " is on Railway's private network, not reachable from your computer: enable Public Networking "
                + "on the service in Railway (Settings > Networking > TCP Proxy) and use its public URL "
                + "(DATABASE_PUBLIC_URL or MYSQL_PUBLIC_URL), or run `railway connect --tunnel-only`";
    }

    private static String pgBouncerWarning(String host, int port, String reason) {
        return hostPort(host, port) + " looks like PgBouncer (" + reason + "). Inspecting works through it, but backups "
                + "and migrations need a direct connection: paste the variables block with " + PUBLIC_UNPOOLED
                + " (railyard profile import) so Railyard can use it";
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void checkNoReference(String text, String what) {
        Matcher m = REFERENCE.matcher(text);
        if (m.find()) {
            throw new ConnectionStringException(what + " contains the Railway reference ${{" + shorten(m.group(1))
                    + "}}, which only Railway fills in: copy the value from the service's Variables tab, "
                    + "or run `railway variables --kv`");
        }
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            return text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps echoed fragments short, so a pasted secret is never repeated in full. */
    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}

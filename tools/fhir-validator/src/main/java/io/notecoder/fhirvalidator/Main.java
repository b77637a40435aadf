package io.notecoder.fhirvalidator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * Offline FHIR R4 validator for notecoder.
 *
 * <p>Validates FHIR R4 JSON resources against the base R4 specification and against the
 * profiles they declare in meta.profile, loaded from folders of conformance resources
 * (--ig, e.g. US Core 6.1.0 and 7.0.0): no package downloads, no terminology server. Each
 * --ig folder gets a validation context of its own, since two versions of one guide share
 * their canonical URLs; every resource is validated in each of them. Prints one JSON line
 * per input resource on stdout.
 */
public final class Main {

    static final int EXIT_VALID = 0;
    static final int EXIT_INVALID = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = String.join("\n",
        "Usage: fhir-validator [options] FILE... | -",
        "",
        "Validates FHIR R4 JSON resources offline against the base R4 specification and the",
        "profiles they declare (meta.profile), which must be loaded with --ig.",
        "",
        "Inputs:",
        "  FILE        a file holding one FHIR JSON resource (a Bundle is validated with its entries);",
        "              a file whose name ends in .ndjson is read as one resource per line",
        "  -           read NDJSON (one resource per line, blank lines skipped) from stdin",
        "",
        "Options:",
        "  --timing         print start-up and validation times to stderr",
        "  --show-warnings  add \"warningDetails\" (warning/information messages) to each output line",
        "  --code-system FILE",
        "                   load a CodeSystem (JSON) that replaces R4's packaged copy of the same url,",
        "                   for terminology newer than R4 (may be repeated)",
        "  --ig DIR         load the StructureDefinitions, ValueSets and CodeSystems (*.json) in DIR",
        "                   into a validation context of their own, named PARENT/DIR after the last",
        "                   two parts of the path (e.g. us-core/6.1.0); StructureDefinitions without",
        "                   a version get DIR's name as version, and their snapshots are generated",
        "                   from their base. May be repeated: every resource is validated in every",
        "                   context, and an error found in only some of them is prefixed with their",
        "                   names, e.g. \"[us-core/7.0.0] ...\". Without --ig: base R4 only.",
        "  --default-profile TYPE=URL",
        "                   a resource of TYPE that declares no meta.profile, at the top level or in",
        "                   a Bundle entry, is validated as if it declared URL (may be repeated, one",
        "                   URL per TYPE)",
        "  --help, -h       print this help and exit 0",
        "",
        "Output: one JSON line per input resource on stdout:",
        "  {\"index\":N,\"resourceType\":\"...\",\"id\":\"...\",\"valid\":true|false,",
        "   \"errors\":[{\"severity\":\"error\",\"location\":\"...\",\"message\":\"...\"}],\"warnings\":<count>,",
        "   \"profiles\":[\"URL|VERSION\",...],\"source\":\"FILE or stdin:LINE\"}",
        "\"profiles\" lists the profiles the top-level resource was checked against (declared or",
        "--default-profile, one entry per context that holds it). Only messages of severity",
        "error/fatal make a resource invalid; a declared profile that no context holds is an error.",
        "Codes from code systems that are not available offline (SNOMED CT, LOINC, ICD-10-CM, ...)",
        "and bindings to value sets that are not loaded (VSAC) are reported as warnings/info.",
        "",
        "Exit status: 0 all valid, 1 at least one invalid, 2 usage or I/O error.");

    /** FHIR id datatype: [A-Za-z0-9\-\.]{1,64}. */
    private static final String ID = "[A-Za-z0-9\\-\\.]{1,64}";
    /** Relative literal reference: Type/id or Type/id/_history/vid (R4 3.1.3.1). */
    private static final Pattern RELATIVE_REF =
        Pattern.compile("([A-Z][A-Za-z]+)/" + ID + "(/_history/" + ID + ")?");
    /** Conditional reference, only meaningful inside transaction Bundles: Type?query. */
    private static final Pattern CONDITIONAL_REF = Pattern.compile("([A-Z][A-Za-z]+)\\?\\S+");
    private static final Pattern URN_UUID =
        Pattern.compile("urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern URN_OID = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");

    // Decimals are kept exactly as written (1.50 stays 1.50) for resources re-serialised
    // after a --default-profile was added.
    private final ObjectMapper mapper = new ObjectMapper()
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private final Set<String> resourceTypes = FhirContext.forR4Cached().getResourceTypes();
    private final List<Context> contexts;
    /** Validates a resource in every context at once (one thread each) when there are several. */
    private final ExecutorService pool;
    private final boolean showWarnings;
    private final PrintWriter out;
    private int index = 0;
    private boolean anyInvalid = false;
    private boolean timing = false;

    Main(boolean showWarnings, PrintWriter out) {
        this.showWarnings = showWarnings;
        this.out = out;
        this.contexts = buildContexts();
        this.pool = contexts.size() < 2 ? null : Executors.newFixedThreadPool(contexts.size(), r -> {
            Thread t = new Thread(r, "fhir-validator-context");
            t.setDaemon(true);
            return t;
        });
    }

    /** CodeSystem JSON files (--code-system) that take precedence over the R4 core copies. */
    static final List<Path> extraCodeSystems = new ArrayList<>();

    /** Folders of conformance resources (--ig), one validation context each. */
    static final List<Path> igDirs = new ArrayList<>();

    /** Resource type -> profile given to a resource of that type that declares none (--default-profile). */
    static final Map<String, String> defaultProfiles = new LinkedHashMap<>();

    /**
     * One validation context: base R4 plus the definitions of one --ig folder (none for the
     * base-only context used without --ig). Its validator is built once and reused.
     */
    static final class Context {
        final String name;
        final FhirValidator validator;
        final ValidationSupportChain chain;
        /** Canonical URL bases of the folder's definitions, e.g. http://hl7.org/fhir/us/core/. */
        final Set<String> canonicalBases;

        Context(String name, FhirValidator validator, ValidationSupportChain chain, Set<String> canonicalBases) {
            this.name = name;
            this.validator = validator;
            this.chain = chain;
            this.canonicalBases = canonicalBases;
        }

        /** url|version of a profile this context holds, or null. */
        String resolveProfile(String url) {
            IBaseResource r = chain.fetchStructureDefinition(url);
            if (!(r instanceof StructureDefinition sd)) {
                return null;
            }
            return sd.hasVersion() ? sd.getUrl() + "|" + sd.getVersion() : sd.getUrl();
        }
    }

    /** Builds the (expensive) validators once: one context per --ig folder, or base R4 alone. */
    static List<Context> buildContexts() {
        FhirContext ctx = FhirContext.forR4Cached();
        // Shared by every context: base R4's definitions are loaded once.
        DefaultProfileValidationSupport base = new DefaultProfileValidationSupport(ctx);

        // Newer terminology than R4's own packaging (e.g. THO's v3-ObservationValue, which
        // gained AIAST after R4): loaded first, so it wins over the core copy.
        PrePopulatedValidationSupport extra = new PrePopulatedValidationSupport(ctx);
        for (Path p : extraCodeSystems) {
            try {
                extra.addCodeSystem(ctx.newJsonParser().parseResource(
                    CodeSystem.class, Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read code system " + p + ": " + e.getMessage(), e);
            }
        }

        List<Context> list = new ArrayList<>();
        if (igDirs.isEmpty()) {
            list.add(buildContext(ctx, "R4", null, Set.of(), base, extra));
        }
        for (Path dir : igDirs) {
            String name = contextName(dir);
            Set<String> bases = new java.util.TreeSet<>();
            PrePopulatedValidationSupport ig = loadIg(ctx, dir, bases);
            list.add(buildContext(ctx, name, ig, bases, base, extra));
        }
        return list;
    }

    /** us-core/6.1.0 for .../us-core/6.1.0: the folder and its parent. */
    static String contextName(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path last = abs.getFileName();
        Path parent = abs.getParent() == null ? null : abs.getParent().getFileName();
        return (parent == null ? "" : parent + "/") + (last == null ? abs.toString() : last.toString());
    }

    /**
     * Reads every *.json of dir: StructureDefinitions (a missing version becomes the folder's
     * name; snapshots are generated on first use), ValueSets and CodeSystems. Anything else,
     * an unreadable file or a url given twice is an error.
     */
    static PrePopulatedValidationSupport loadIg(FhirContext ctx, Path dir, Set<String> bases) {
        PrePopulatedValidationSupport ig = new PrePopulatedValidationSupport(ctx);
        String version = dir.toAbsolutePath().normalize().getFileName().toString();
        Set<String> urls = new java.util.HashSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list --ig folder " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--ig folder " + dir + " holds no *.json");
        }
        for (Path f : files) {
            IBaseResource r;
            try {
                r = ctx.newJsonParser().parseResource(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage(), e);
            }
            String url;
            if (r instanceof StructureDefinition sd) {
                if (!sd.hasVersion()) {
                    sd.setVersion(version);
                }
                url = sd.getUrl();
                ig.addStructureDefinition(sd);
            } else if (r instanceof ValueSet vs) {
                url = vs.getUrl();
                ig.addValueSet(vs);
            } else if (r instanceof CodeSystem cs) {
                url = cs.getUrl();
                ig.addCodeSystem(cs);
            } else {
                throw new IllegalArgumentException(f + ": a " + r.fhirType()
                    + "; --ig loads only StructureDefinition, ValueSet and CodeSystem");
            }
            if (url == null || !urls.add(url)) {
                throw new IllegalArgumentException(f + ": url " + url + " is missing or given twice in " + dir);
            }
            var m = Pattern.compile("^(.*/)(StructureDefinition|ValueSet|CodeSystem)/[^/]+$").matcher(url);
            bases.add(m.matches() ? m.group(1) : url);
        }
        return ig;
    }

    @SuppressWarnings("deprecation") // UnknownCodeSystemWarningValidationSupport, see below
    static Context buildContext(FhirContext ctx, String name, PrePopulatedValidationSupport ig, Set<String> bases,
                                DefaultProfileValidationSupport base, PrePopulatedValidationSupport extra) {
        // Unknown / unavailable code systems (SNOMED CT, LOINC, ICD-10-CM, ...) become warnings,
        // never errors: there is no terminology server offline. HAPI 8.8 already treats them so by
        // default and has deprecated this module; it is kept as an explicit guarantee (drop it if
        // a later HAPI removes the class).
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
            new UnknownCodeSystemWarningValidationSupport(ctx);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

        List<IValidationSupport> supports = new ArrayList<>();
        if (ig != null) {
            supports.add(ig);
        }
        supports.add(extra);
        supports.add(base);
        supports.add(new CommonCodeSystemsTerminologyService(ctx));
        supports.add(new InMemoryTerminologyServerValidationSupport(ctx));
        supports.add(new SnapshotGeneratingValidationSupport(ctx)); // for the --ig differentials
        supports.add(unknownCodeSystems);
        ValidationSupportChain chain = new ValidationSupportChain(supports.toArray(new IValidationSupport[0]));

        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(true);      // unknown extension URLs: not an error
        module.setErrorForUnknownProfiles(true);   // a declared profile that is not loaded: error
        module.setNoTerminologyChecks(false);      // required bindings are enforced

        FhirValidator validator = ctx.newValidator();
        validator.registerValidatorModule(module);
        validator.setValidateAgainstStandardSchema(false);
        validator.setValidateAgainstStandardSchematron(false);
        return new Context(name, validator, chain, bases);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        boolean showWarnings = false;
        boolean timing = false;
        List<String> inputs = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!endOfOptions && a.equals("--code-system")) {
                if (i + 1 >= args.length || !Files.isReadable(Path.of(args[i + 1]))) {
                    stderr.println("fhir-validator: --code-system needs a readable CodeSystem JSON file");
                    return EXIT_USAGE;
                }
                extraCodeSystems.add(Path.of(args[++i]));
                continue;
            }
            if (!endOfOptions && a.equals("--ig")) {
                if (i + 1 >= args.length || !Files.isDirectory(Path.of(args[i + 1]))) {
                    stderr.println("fhir-validator: --ig needs a folder of conformance resources (*.json)");
                    return EXIT_USAGE;
                }
                igDirs.add(Path.of(args[++i]));
                continue;
            }
            if (!endOfOptions && a.equals("--default-profile")) {
                String v = i + 1 < args.length ? args[++i] : "";
                int eq = v.indexOf('=');
                if (eq <= 0 || eq == v.length() - 1 || !FhirContext.forR4Cached().getResourceTypes().contains(v.substring(0, eq))
                    || defaultProfiles.putIfAbsent(v.substring(0, eq), v.substring(eq + 1)) != null) {
                    stderr.println("fhir-validator: --default-profile needs TYPE=URL with an R4 resource type, once per TYPE: " + v);
                    return EXIT_USAGE;
                }
                continue;
            }
            if (!endOfOptions && (a.equals("--help") || a.equals("-h"))) {
                stdout.println(USAGE);
                return EXIT_VALID;
            } else if (!endOfOptions && a.equals("--show-warnings")) {
                showWarnings = true;
            } else if (!endOfOptions && a.equals("--timing")) {
                timing = true;
            } else if (!endOfOptions && a.equals("--")) {
                endOfOptions = true;
            } else if (!endOfOptions && a.startsWith("--")) {
                stderr.println("fhir-validator: unknown option: " + a);
                stderr.println("Try --help.");
                return EXIT_USAGE;
            } else {
                inputs.add(a);
            }
        }
        if (inputs.isEmpty()) {
            stderr.println("fhir-validator: no input given (FILE... or - for NDJSON on stdin)");
            stderr.println(USAGE);
            return EXIT_USAGE;
        }
        // Check all files before paying for validator start-up.
        for (String in : inputs) {
            if (!in.equals("-") && !Files.isReadable(Path.of(in))) {
                stderr.println("fhir-validator: cannot read input file: " + in);
                return EXIT_USAGE;
            }
        }

        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        long t0 = System.nanoTime();
        Main m;
        try {
            m = new Main(showWarnings, out);
            m.timing = timing;
        } catch (RuntimeException e) {
            stderr.println("fhir-validator: failed to initialise validator: " + e);
            return EXIT_USAGE;
        }
        long t1 = System.nanoTime();
        try {
            for (String in : inputs) {
                if (in.equals("-")) {
                    m.validateNdjson(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), "stdin");
                } else if (in.endsWith(".ndjson")) {
                    try (BufferedReader r = Files.newBufferedReader(Path.of(in), StandardCharsets.UTF_8)) {
                        m.validateNdjson(r, in);
                    }
                } else {
                    m.validateOne(Files.readString(Path.of(in), StandardCharsets.UTF_8), in);
                }
            }
        } catch (NoSuchFileException e) {
            out.flush();
            stderr.println("fhir-validator: cannot read input file: " + e.getFile());
            return EXIT_USAGE;
        } catch (IOException e) {
            out.flush();
            stderr.println("fhir-validator: I/O error: " + e);
            return EXIT_USAGE;
        } finally {
            out.flush();
            if (timing) {
                long t2 = System.nanoTime();
                stderr.printf("fhir-validator: timing: init %d ms, validated %d resource(s) in %d ms%n",
                    (t1 - t0) / 1_000_000, m.index, (t2 - t1) / 1_000_000);
            }
        }
        return m.anyInvalid ? EXIT_INVALID : EXIT_VALID;
    }

    private void validateNdjson(BufferedReader reader, String name) throws IOException {
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            validateOne(line, name + ":" + lineNo);
        }
    }

    void validateOne(String text, String source) {
        long start = System.nanoTime();
        ObjectNode result = mapper.createObjectNode();
        result.put("index", index++);
        ArrayNode errors = mapper.createArrayNode();
        ArrayNode warningDetails = mapper.createArrayNode();
        ArrayNode profiles = mapper.createArrayNode();
        int warnings = 0;
        String resourceType = null;
        String id = null;

        JsonNode parsed = null;
        try {
            parsed = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            errors.add(message("fatal", "(document)", "Invalid JSON: " + e.getOriginalMessage()));
        }
        if (parsed != null) {
            if (!parsed.isObject()) {
                errors.add(message("fatal", "(document)", "Input is not a JSON object"));
            } else {
                resourceType = textOrNull(parsed.get("resourceType"));
                id = textOrNull(parsed.get("id"));
                if (resourceType == null) {
                    errors.add(message("fatal", "(document)", "Missing resourceType"));
                } else {
                    validateInContexts(text, (ObjectNode) parsed, errors, warningDetails, profiles);
                    for (JsonNode w : warningDetails) {
                        if (w.path("severity").asText().equals("warning")) {
                            warnings++;
                        }
                    }
                    checkReferences(parsed, resourceType, errors);
                }
            }
        }

        boolean valid = errors.isEmpty();
        if (!valid) {
            anyInvalid = true;
        }
        result.put("resourceType", resourceType);
        result.put("id", id);
        result.put("valid", valid);
        result.set("errors", errors);
        result.put("warnings", warnings);
        if (showWarnings) {
            result.set("warningDetails", warningDetails);
        }
        result.set("profiles", profiles);
        result.put("source", source);
        try {
            out.println(mapper.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        if (timing) {
            System.err.printf("fhir-validator: timing: #%d %s/%s %d ms%n", index - 1, resourceType, id,
                (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Validates text (after addDefaultProfiles) in every context that can tell something the
     * others cannot: a resource that names no canonical URL of any --ig folder validates the
     * same in all of them, so only the first is asked. Messages found in every context
     * asked are reported once; the others are prefixed with the names of the contexts that
     * found them. Errors/fatals go to errors, the rest to warningDetails; the profiles the
     * top-level resource was checked against go to profiles.
     */
    private void validateInContexts(String text, ObjectNode parsed, ArrayNode errors,
                                    ArrayNode warningDetails, ArrayNode profiles) {
        if (!defaultProfiles.isEmpty()) {
            ObjectNode copy = parsed.deepCopy();
            if (addDefaultProfiles(copy)) {
                try {
                    text = mapper.writeValueAsString(copy);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                parsed = copy;
            }
        }
        List<String> claimed = new ArrayList<>();
        for (JsonNode p : parsed.path("meta").path("profile")) {
            if (p.isTextual()) {
                claimed.add(p.asText());
            }
        }
        String t = text;
        List<Context> asked = new ArrayList<>();
        for (Context c : contexts) {
            if (asked.isEmpty() || c.canonicalBases.stream().anyMatch(t::contains)) {
                asked.add(c);
            }
        }

        List<List<ObjectNode>> found = new ArrayList<>();
        if (asked.size() == 1 || pool == null) {
            for (Context c : asked) {
                found.add(validateIn(c, t));
            }
        } else {
            List<Future<List<ObjectNode>>> futures = new ArrayList<>();
            for (Context c : asked) {
                futures.add(pool.submit(() -> validateIn(c, t)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    found.add(futures.get(i).get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    found.add(List.of(message("fatal", "(document)", "Validator failure: interrupted")));
                } catch (ExecutionException e) {
                    found.add(List.of(message("fatal", "(document)", "Validator failure: " + e.getCause())));
                }
            }
        }

        // severity|location|message -> the message and the contexts that found it.
        Map<String, ObjectNode> first = new LinkedHashMap<>();
        Map<String, List<String>> by = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            for (ObjectNode m : found.get(i)) {
                String key = m.path("severity").asText() + "|" + m.path("location").asText() + "|" + m.path("message").asText();
                first.putIfAbsent(key, m);
                List<String> names = by.computeIfAbsent(key, k -> new ArrayList<>());
                if (!names.contains(asked.get(i).name)) {
                    names.add(asked.get(i).name);
                }
            }
        }
        for (Map.Entry<String, ObjectNode> e : first.entrySet()) {
            ObjectNode m = e.getValue();
            List<String> names = by.get(e.getKey());
            if (names.size() < asked.size()) {
                m.put("message", "[" + String.join(", ", names) + "] " + m.path("message").asText());
            }
            String sev = m.path("severity").asText();
            if (sev.equals("error") || sev.equals("fatal")) {
                errors.add(m);
            } else if (showWarnings || sev.equals("warning")) {
                warningDetails.add(m);
            }
        }

        Set<String> checked = new java.util.LinkedHashSet<>();
        for (Context c : asked) {
            for (String url : claimed) {
                String v = c.resolveProfile(url);
                if (v != null) {
                    checked.add(v);
                }
            }
        }
        checked.forEach(profiles::add);
    }

    /**
     * Gives every resource of a --default-profile type that declares no meta.profile, at the
     * top level and in Bundle entries (nested Bundles too), that profile. Returns whether it
     * changed anything.
     */
    static boolean addDefaultProfiles(ObjectNode res) {
        boolean changed = false;
        String type = textOrNull(res.get("resourceType"));
        String dflt = type == null ? null : defaultProfiles.get(type);
        JsonNode declared = res.path("meta").path("profile");
        if (dflt != null && (!declared.isArray() || declared.isEmpty())
            && (res.get("meta") == null || res.get("meta").isObject())) {
            ObjectNode meta = res.get("meta") == null ? res.putObject("meta") : (ObjectNode) res.get("meta");
            meta.putArray("profile").add(dflt);
            changed = true;
        }
        if ("Bundle".equals(type)) {
            for (JsonNode e : res.path("entry")) {
                JsonNode r = e.path("resource");
                if (r.isObject()) {
                    changed |= addDefaultProfiles((ObjectNode) r);
                }
            }
        }
        return changed;
    }

    /** The messages of one context's validator for text. */
    private List<ObjectNode> validateIn(Context c, String text) {
        List<ObjectNode> msgs = new ArrayList<>();
        try {
            ValidationResult vr = c.validator.validateWithResult(text);
            for (SingleValidationMessage msg : vr.getMessages()) {
                ResultSeverityEnum sev = msg.getSeverity();
                String sevName = sev == null ? "error" : sev.getCode();
                msgs.add(message(sevName, msg.getLocationString(), msg.getMessage()));
            }
        } catch (RuntimeException e) {
            msgs.add(message("fatal", "(document)", "Validator failure: " + e));
        }
        return msgs;
    }

    /**
     * Stricter literal-reference format check than the HAPI validator does on its own: relative
     * references must be Type/id with a known R4 resource type and a valid id ("Patient/" or
     * "Fooo/1" are errors); urn:uuid: and urn:oid: references must be well formed.
     */
    private void checkReferences(JsonNode node, String path, ArrayNode errors) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String childPath = path + "." + f.getKey();
                JsonNode v = f.getValue();
                if (f.getKey().equals("reference") && v.isTextual()) {
                    String problem = referenceProblem(v.asText());
                    if (problem != null && !alreadyReported(errors, v.asText())) {
                        errors.add(message("error", childPath, problem));
                    }
                } else {
                    checkReferences(v, childPath, errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean alreadyReported(ArrayNode errors, String ref) {
        for (JsonNode e : errors) {
            if (e.path("message").asText().contains("'" + ref + "'")) {
                return true;
            }
        }
        return false;
    }

    private String referenceProblem(String ref) {
        if (ref.isEmpty() || ref.startsWith("#")) {
            return null; // empty strings and contained references are checked by the validator
        }
        if (ref.startsWith("urn:uuid:")) {
            return URN_UUID.matcher(ref).matches() ? null
                : "Invalid reference '" + ref + "': urn:uuid: must be followed by a UUID";
        }
        if (ref.startsWith("urn:oid:")) {
            return URN_OID.matcher(ref).matches() ? null
                : "Invalid reference '" + ref + "': urn:oid: must be followed by an OID";
        }
        if (URI_SCHEME.matcher(ref).matches()) {
            return null; // absolute URL
        }
        var m = RELATIVE_REF.matcher(ref);
        if (!m.matches()) {
            m = CONDITIONAL_REF.matcher(ref);
            if (!m.matches()) {
                return "Invalid reference '" + ref
                    + "': a relative reference must have the form ResourceType/id (id: [A-Za-z0-9-.]{1,64})";
            }
        }
        if (!resourceTypes.contains(m.group(1))) {
            return "Invalid reference '" + ref + "': '" + m.group(1) + "' is not an R4 resource type";
        }
        return null;
    }

    private ObjectNode message(String severity, String location, String text) {
        ObjectNode n = mapper.createObjectNode();
        n.put("severity", severity);
        n.put("location", location);
        n.put("message", text);
        return n;
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }
}

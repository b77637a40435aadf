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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Offline FHIR R4 validator for notecoder.
 *
 * <p>Validates FHIR R4 JSON resources against the base R4 specification only (no package
 * downloads, no terminology server). Prints one JSON line per input resource on stdout.
 */
public final class Main {

    static final int EXIT_VALID = 0;
    static final int EXIT_INVALID = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = String.join("\n",
        "Usage: fhir-validator [options] FILE... | -",
        "",
        "Validates FHIR R4 JSON resources offline against the base R4 specification.",
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
        "  --unknown-profiles-as-warnings",
        "                   a meta.profile that is not in base R4 (e.g. US Core, whose package is",
        "                   not available offline) is a warning instead of an error",
        "  --help, -h       print this help and exit 0",
        "",
        "Output: one JSON line per input resource on stdout:",
        "  {\"index\":N,\"resourceType\":\"...\",\"id\":\"...\",\"valid\":true|false,",
        "   \"errors\":[{\"severity\":\"error\",\"location\":\"...\",\"message\":\"...\"}],\"warnings\":<count>,",
        "   \"source\":\"FILE or stdin:LINE\"}",
        "Only messages of severity error/fatal make a resource invalid. Codes from code systems that",
        "are not available offline (SNOMED CT, LOINC, ICD-10-CM, ...) are reported as warnings/info.",
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

    private final ObjectMapper mapper = new ObjectMapper()
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Set<String> resourceTypes = FhirContext.forR4Cached().getResourceTypes();
    private final FhirValidator validator;
    private final boolean showWarnings;
    private final PrintWriter out;
    private int index = 0;
    private boolean anyInvalid = false;
    private boolean timing = false;

    Main(boolean showWarnings, PrintWriter out) {
        this.showWarnings = showWarnings;
        this.out = out;
        this.validator = buildValidator();
    }

    /** Builds the (expensive) validator once; it is reused for every input resource. */
    @SuppressWarnings("deprecation") // UnknownCodeSystemWarningValidationSupport, see below
    /** Whether a declared profile that cannot be resolved offline is an error (the default). */
    static boolean errorForUnknownProfiles = true;

    /** CodeSystem JSON files (--code-system) that take precedence over the R4 core copies. */
    static final List<Path> extraCodeSystems = new ArrayList<>();

    static FhirValidator buildValidator() {
        FhirContext ctx = FhirContext.forR4Cached();

        // Unknown / unavailable code systems (SNOMED CT, LOINC, ICD-10-CM, ...) become warnings,
        // never errors: there is no terminology server offline. HAPI 8.8 already treats them so by
        // default and has deprecated this module; it is kept as an explicit guarantee (drop it if
        // a later HAPI removes the class).
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
            new UnknownCodeSystemWarningValidationSupport(ctx);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

        // Newer terminology than R4's own packaging (e.g. THO's v3-ObservationValue, which
        // gained AIAST after R4): loaded first, so it wins over the core copy.
        PrePopulatedValidationSupport extra = new PrePopulatedValidationSupport(ctx);
        for (Path p : extraCodeSystems) {
            try {
                extra.addCodeSystem(ctx.newJsonParser().parseResource(
                    org.hl7.fhir.r4.model.CodeSystem.class, Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read code system " + p + ": " + e.getMessage(), e);
            }
        }

        ValidationSupportChain chain = new ValidationSupportChain(
            extra,
            new DefaultProfileValidationSupport(ctx),
            new CommonCodeSystemsTerminologyService(ctx),
            new InMemoryTerminologyServerValidationSupport(ctx),
            new SnapshotGeneratingValidationSupport(ctx),
            unknownCodeSystems);

        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(true);      // unknown extension URLs: not an error
        module.setErrorForUnknownProfiles(errorForUnknownProfiles); // a declared but unknown profile: error by default
        module.setNoTerminologyChecks(false);      // required bindings are enforced

        FhirValidator validator = ctx.newValidator();
        validator.registerValidatorModule(module);
        validator.setValidateAgainstStandardSchema(false);
        validator.setValidateAgainstStandardSchematron(false);
        return validator;
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
            if (!endOfOptions && (a.equals("--help") || a.equals("-h"))) {
                stdout.println(USAGE);
                return EXIT_VALID;
            } else if (!endOfOptions && a.equals("--show-warnings")) {
                showWarnings = true;
            } else if (!endOfOptions && a.equals("--unknown-profiles-as-warnings")) {
                errorForUnknownProfiles = false;
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
                    try {
                        ValidationResult vr = validator.validateWithResult(text);
                        for (SingleValidationMessage msg : vr.getMessages()) {
                            ResultSeverityEnum sev = msg.getSeverity();
                            String sevName = sev == null ? "error" : sev.getCode();
                            if (sev == ResultSeverityEnum.ERROR || sev == ResultSeverityEnum.FATAL) {
                                errors.add(message(sevName, msg.getLocationString(), msg.getMessage()));
                            } else {
                                if (sev == ResultSeverityEnum.WARNING) {
                                    warnings++;
                                }
                                if (showWarnings) {
                                    warningDetails.add(message(sevName, msg.getLocationString(), msg.getMessage()));
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        errors.add(message("fatal", "(document)", "Validator failure: " + e));
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

"""Validates a 360Giving JSON data package against our transcription of the
standard's schema (tests/tools/giving360_schema.json) with Debian's
python3-jsonschema (draft 2020-12), and checks what JSON Schema cannot:
amounts have at most two decimals (they come from cents) and awardDate is a
real calendar date.

    validate_360giving.py FILE.json [--expect-grants N] [--expect-amount ID_SUFFIX=DOLLARS ...]

Exit status 0 when valid; every error is printed with its JSON path."""
import argparse
import datetime
import decimal
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--schema", default=os.path.join(HERE, "giving360_schema.json"))
    ap.add_argument("--expect-grants", type=int)
    ap.add_argument("--expect-amount", action="append", default=[],
                    help="ID_SUFFIX=DOLLARS: the exact amountAwarded of the grant whose id ends with ID_SUFFIX")
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    with open(args.file, encoding="utf-8") as f:
        # Decimal keeps 337905.00 exact, as written.
        package = json.load(f, parse_float=decimal.Decimal)

    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    checker = getattr(validator_class, "FORMAT_CHECKER", jsonschema.FormatChecker())
    validator = validator_class(schema, format_checker=checker)
    errors = []
    # jsonschema types numbers from int/float; Decimal is not one of them.
    plain = json.loads(json.dumps(package, default=float))
    for e in sorted(validator.iter_errors(plain), key=lambda e: list(e.absolute_path)):
        errors.append("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(racine)", e.message))

    grants = package.get("grants", []) if isinstance(package, dict) else []
    for i, g in enumerate(grants):
        for key in ("amountAppliedFor", "amountAwarded", "amountDisbursed"):
            v = g.get(key)
            if isinstance(v, decimal.Decimal) and v != v.quantize(decimal.Decimal("0.01")):
                errors.append("grants/%d/%s: %s has more than two decimals" % (i, key, v))
        d = g.get("awardDate")
        if isinstance(d, str) and len(d) == 10:
            try:
                datetime.date.fromisoformat(d)
            except ValueError:
                errors.append("grants/%d/awardDate: %s is not a calendar date" % (i, d))

    if args.expect_grants is not None and len(grants) != args.expect_grants:
        errors.append("expected %d grants, found %d" % (args.expect_grants, len(grants)))
    for spec in args.expect_amount:
        gid, dollars = spec.split("=", 1)
        matching = [g for g in grants if isinstance(g, dict) and str(g.get("id", "")).endswith(gid)]
        g = matching[0] if len(matching) == 1 else None
        if g is None:
            errors.append("%d grants with an id ending in %s, expected 1" % (len(matching), gid))
        elif decimal.Decimal(str(g.get("amountAwarded"))) != decimal.Decimal(dollars):
            errors.append("grant %s: amountAwarded %s, expected %s" % (gid, g.get("amountAwarded"), dollars))

    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print("%s: valid 360Giving package, %d grant(s)" % (args.file, len(grants)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""party-docs: YAML and spreadsheets in, the party committee's paperwork out.

The floors, from the ground up (README, "The tree"); each imports only those below it:
  reuse/    what every floor uses: errors, project paths, file stamps, the cache, code keys,
            the LibreOffice runner
  model/    reading and validating the data: YAML with positions, sheets, the data model
  engine/   the build: validation phase, plan, manifest, workers, atomic writer
  checker/  GB/T 9704 audit of any DOCX or PDF (beside the engine: neither uses the other)
  cli/      the command line, which hands the generators' builders to the engine
The generators (top-level generators/) sit between the engine and the command line."""

__version__ = "0.1.0"

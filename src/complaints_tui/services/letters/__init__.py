"""Letters: templates per profile (data/letters, a landlord's folder overriding file by file),
a case's letter composed from what is recorded, its PDF, and the letters sent on a case."""

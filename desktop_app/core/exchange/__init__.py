"""Files in and out: course packs (.ctpack), exports to other tools, results files."""

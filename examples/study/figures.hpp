// examples/study/figures.hpp — figures (gnuplot) and HTML report of a finished study run.
//
// Everything here reads the CSV/JSON files a study run leaves in RUN/results and RUN/*.json;
// nothing is recomputed except plot coordinates (sector angles, radar scaling, bar offsets).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace pelkit::study {

/// One figure of the study. `name` is the file stem in RUN/figures (e.g. "fig1c_G_vs_f_ico"),
/// `title` a one-line title, `caption` the text shown under it in the report, `drawn` is true
/// when gnuplot produced both NAME.png and NAME.svg, and `files` lists the files written
/// (names relative to RUN/figures: NAME.gp, NAME.csv and, when drawn, NAME.png, NAME.svg).
struct figure {
  std::string name, title, caption;
  bool drawn = false;
  std::vector<std::string> files;
};

/// Writes every figure of a finished study run: for each figure NAME, RUN/figures/NAME.gp
/// (gnuplot script, run from RUN/figures), NAME.csv (its data, header line names columns with
/// units), and, when gnuplot is on PATH, NAME.png and NAME.svg. A gnuplot failure is a warning
/// on stderr (that figure's drawn = false), never an exception. Returns the figures written.
/// Throws pelkit::error naming the file and problem if an input CSV is missing or malformed.
std::vector<figure> draw_figures(const std::filesystem::path& run);

/// Writes RUN/report.html: one self-contained page (inline CSS; images referenced by relative
/// path figures/NAME.png) with the run's title, parameters (RUN/preset.json), sample table
/// (results/samples.csv), correlation table (results/correlations.csv) with a column glossary,
/// every figure with its caption, the findings checklist (results/findings.json), software
/// versions (RUN/versions.json) and stage timings (RUN/timings.json). Missing or unreadable
/// inputs are shown as a note in the page, not thrown. Returns the path of report.html.
std::filesystem::path write_report(const std::filesystem::path& run,
                                   const std::vector<figure>& figures);

namespace detail {

/// A comma-separated file read as text: one header line, then rows with as many fields.
struct csv_table {
  std::string file;                             ///< path, for messages
  std::vector<std::string> header;              ///< column names
  std::vector<std::vector<std::string>> rows;   ///< fields, trimmed
  std::vector<long> lines;                      ///< 1-based line number of each row

  /// Index of column `name`; throws pelkit::error if the header lacks it.
  std::size_t column(const std::string& name) const;
  /// Field (row, column name) as a number: "", "nan", "NaN" give NaN; anything else that is
  /// not a number throws pelkit::error "file:line: ...".
  double number(std::size_t row, const std::string& name) const;
  /// Field (row, column name) as text.
  const std::string& text(std::size_t row, const std::string& name) const;
};

/// Reads `file`, checking that every name in `required` is a column. Blank lines are skipped.
/// Throws pelkit::error if the file is missing, empty, lacks a column, or a row has the wrong
/// number of fields.
csv_table read_csv(const std::filesystem::path& file, const std::vector<std::string>& required);

/// `value` with `digits` significant digits ("nan" for NaN), for tables and scripts.
std::string format_number(double value, int digits = 4);

}  // namespace detail
}  // namespace pelkit::study

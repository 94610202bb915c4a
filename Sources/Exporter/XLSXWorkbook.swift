import CFastDeflate
import CXLSXWriter
import Glibc

/// A libxlsxwriter workbook in constant-memory mode: each sheet streams its rows, in order, to a temporary
/// file in `temporaryDirectory`, so memory does not grow with the rows. `close` writes the XLSX file; a
/// workbook dropped unclosed is freed without writing anything.
final class XLSXWorkbook {
    /// The most characters Excel keeps in a cell; longer text is cut at this many UTF-16 units.
    static let maximumTextCount = 32767
    /// The most rows and columns a sheet has.
    static let maximumRowCount = 1_048_576
    static let maximumColumnCount = 16384

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    /// The sheets added so far (the workbook owns them).
    private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private let temporaryDirectory: UnsafeMutablePointer<CChar>
    /// Bold text (headers), a larger bold (the title), `yyyy-mm-dd` and `yyyy-mm-dd hh:mm:ss` number formats.
    let bold: UnsafeMutablePointer<lxw_format>
    let title: UnsafeMutablePointer<lxw_format>
    let date: UnsafeMutablePointer<lxw_format>
    let dateTime: UnsafeMutablePointer<lxw_format>

    /// Starts a workbook that `close` writes to `path`.
    init(path: String, temporaryDirectory: String) throws(ExportError) {
        self.temporaryDirectory = strdup(temporaryDirectory)
        var options = lxw_workbook_options(
            constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: self.temporaryDirectory,
            use_zip64: UInt8(LXW_TRUE.rawValue))
        guard let workbook = workbook_new_opt(path, &options) else {
            free(self.temporaryDirectory)
            throw .library(name: "libxlsxwriter", message: "workbook_new_opt failed for \(path)")
        }
        self.workbook = workbook
        bold = workbook_add_format(workbook)
        format_set_bold(bold)
        title = workbook_add_format(workbook)
        format_set_bold(title)
        format_set_font_size(title, 16)
        date = workbook_add_format(workbook)
        format_set_num_format(date, "yyyy-mm-dd")
        dateTime = workbook_add_format(workbook)
        format_set_num_format(dateTime, "yyyy-mm-dd hh:mm:ss")
    }

    deinit {
        if let workbook {
            // lxw_workbook_free leaves each constant-memory sheet's temporary file open (workbook_close closes
            // them as it assembles the sheets): close them here, or every abandoned export leaks descriptors.
            for sheet in sheets where sheet.pointee.optimize_tmpfile != nil {
                fclose(sheet.pointee.optimize_tmpfile)
                sheet.pointee.optimize_tmpfile = nil
            }
            lxw_workbook_free(workbook)
        }
        free(temporaryDirectory)
    }

    /// Sets the title, author ("report-fcgi") and creation time shown in the file's properties.
    func setProperties(title: String, subject: String, created: Double) throws(ExportError) {
        guard let workbook else { throw .misuse("workbook closed") }
        let status = title.withCString { title in
            subject.withCString { subject in
                "report-fcgi".withCString { author in
                    var properties = lxw_doc_properties()
                    properties.title = UnsafeMutablePointer(mutating: title)
                    properties.subject = UnsafeMutablePointer(mutating: subject)
                    properties.author = UnsafeMutablePointer(mutating: author)
                    properties.created = created.isFinite ? time_t(created) : 0
                    return workbook_set_properties(workbook, &properties)
                }
            }
        }
        try Self.check(status, "workbook_set_properties")
    }

    /// Adds a sheet; `name` must already be valid and unique (`XLSXSheetNames`).
    func addSheet(_ name: String) throws(ExportError) -> XLSXSheet {
        guard let workbook else { throw .misuse("workbook closed") }
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw .library(name: "libxlsxwriter", message: "workbook_add_worksheet refused the name \(name)")
        }
        sheets.append(sheet)
        return XLSXSheet(sheet: sheet, workbook: self)
    }

    /// Writes the XLSX file and frees the workbook.
    func close() throws(ExportError) {
        guard let workbook else { throw .misuse("workbook closed") }
        self.workbook = nil
        // The zip is written here: deflate at level 1 on this thread (see CFastDeflate).
        let previous = fast_deflate_set(1)
        defer { fast_deflate_set(previous) }
        try Self.check(workbook_close(workbook), "workbook_close")
    }

    /// Throws libxlsxwriter's message for any status but success.
    static func check(_ status: lxw_error, _ call: String) throws(ExportError) {
        guard status != LXW_NO_ERROR else { return }
        throw .library(name: "libxlsxwriter", message: "\(call): \(String(cString: lxw_strerror(status)))")
    }
}

/// One worksheet of an `XLSXWorkbook`, which owns it; cells go in row order (constant-memory mode).
struct XLSXSheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    let workbook: XLSXWorkbook

    /// Writes text as a string cell (never a formula), cut to Excel's 32,767 characters.
    func text(_ row: Int, _ column: Int, _ value: String, format: UnsafeMutablePointer<lxw_format>? = nil)
        throws(ExportError)
    {
        let status = Self.clipped(value).withCString {
            worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), $0, format)
        }
        try XLSXWorkbook.check(status, "worksheet_write_string")
    }

    /// Writes a number cell; NaN and infinities leave the cell blank.
    func number(_ row: Int, _ column: Int, _ value: Double, format: UnsafeMutablePointer<lxw_format>? = nil)
        throws(ExportError)
    {
        guard value.isFinite else { return }
        try XLSXWorkbook.check(
            worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), value, format), "worksheet_write_number")
    }

    /// Writes a UTC day number as an Excel date (a serial number with the `yyyy-mm-dd` format).
    func day(_ row: Int, _ column: Int, _ dayNumber: Int) throws(ExportError) {
        try number(row, column, Double(dayNumber) + Self.excelSerialOf1970, format: workbook.date)
    }

    /// Writes an instant (seconds since 1970, UTC) as an Excel date and time.
    func instant(_ row: Int, _ column: Int, _ seconds: Double) throws(ExportError) {
        try number(row, column, seconds / 86400 + Self.excelSerialOf1970, format: workbook.dateTime)
    }

    /// Sets the width of one column, in characters.
    func width(_ column: Int, _ characters: Double) throws(ExportError) {
        try XLSXWorkbook.check(
            worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), characters, nil),
            "worksheet_set_column")
    }

    /// Freezes the rows above `row`, so the header stays in view while scrolling.
    func freezeRows(above row: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(row), 0)
    }

    /// Excel's serial number of 1970-01-01 (serial 1 is 1900-01-01, counting Excel's phantom 1900-02-29).
    static let excelSerialOf1970 = 25569.0

    /// `value`, or its longest prefix of whole scalars that fits in Excel's cell limit of UTF-16 units.
    static func clipped(_ value: String) -> String {
        guard value.utf8.count > XLSXWorkbook.maximumTextCount, value.utf16.count > XLSXWorkbook.maximumTextCount
        else { return value }
        var units = 0
        var end = value.unicodeScalars.startIndex
        for index in value.unicodeScalars.indices {
            units += value.unicodeScalars[index].utf16.count
            if units > XLSXWorkbook.maximumTextCount { break }
            end = value.unicodeScalars.index(after: index)
        }
        return String(value.unicodeScalars[..<end])
    }
}

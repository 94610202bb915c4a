import CPangoCairo

/// A cairo PDF surface with pango text, streaming to an `ExportOutput`: A4 landscape pages in points, a
/// cursor `y` that flows text down the page, and a footer ("Page n") on every page.
///
/// cairo writes each page's content when the page is shown; fonts (DejaVu Sans, with fontconfig's fallback
/// for scripts it lacks, such as Droid Sans Fallback for CJK) are subset and written by `finish`.
final class PDFCanvas {
    /// A4 landscape, in points.
    static let width = 841.89
    static let height = 595.28
    static let margin = 40.0
    /// The lowest y that content may reach; the footer sits below it.
    static let bottom = height - margin - 8

    /// The text styles: one pango layout each, so drawing never switches fonts on a layout.
    enum Style: Int, CaseIterable {
        case title, heading, body, bodyBold, cell, cellBold, small

        var font: String {
            switch self {
            case .title: "DejaVu Sans Bold 24"
            case .heading: "DejaVu Sans Bold 15"
            case .body: "DejaVu Sans 11"
            case .bodyBold: "DejaVu Sans Bold 11"
            case .cell: "DejaVu Sans 8"
            case .cellBold: "DejaVu Sans Bold 8"
            case .small: "DejaVu Sans 7.5"
            }
        }
    }

    enum Alignment {
        case left, right, center
    }

    private let output: ExportOutput
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private var layouts: [OpaquePointer] = []
    private var fonts: [OpaquePointer] = []
    /// The text at the left of every footer.
    private let footer: String
    /// Pages begun so far; the current page's number.
    private(set) var pageNumber = 0
    private(set) var pageOpen = false
    /// Where the next content goes on the current page.
    var y = margin

    /// Opens the PDF on `output` and sets its metadata (title, author, creator, subject, creation date).
    init(output: ExportOutput, title: String, subject: String, created: String?) throws(ExportError) {
        self.output = output
        footer = title
        let closure = Unmanaged.passUnretained(output).toOpaque()
        surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let output = Unmanaged<ExportOutput>.fromOpaque(closure).takeUnretainedValue()
                output.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
                return output.failure == nil ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
            }, closure, Self.width, Self.height)
        cairo = cairo_create(surface)
        try check()
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, "report-fcgi")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "report-fcgi Exporter (cairo, pango)")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject)
        if let created { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created) }
        // Font sizes in points: one point is one unit of the PDF surface (pango assumes 96 dpi otherwise).
        let context = pango_cairo_create_context(cairo)!
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        pango_cairo_context_set_resolution(context, 72)
        for style in Style.allCases {
            let layout = pango_layout_new(context)!
            let font = pango_font_description_from_string(style.font)!
            pango_layout_set_font_description(layout, font)
            // A word broken across lines (a long metric name in a header) gets no inserted hyphen.
            let attributes = pango_attr_list_new()
            pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
            layouts.append(layout)
            fonts.append(font)
        }
    }

    deinit {
        for layout in layouts { g_object_unref(UnsafeMutableRawPointer(layout)) }
        for font in fonts { pango_font_description_free(font) }
        cairo_destroy(cairo)
        // An unfinished surface finishes here, into an output that is discarded by then.
        cairo_surface_destroy(surface)
    }

    /// Throws cairo's message when the context, the surface or the output has failed.
    func check() throws(ExportError) {
        try output.check()
        for status in [cairo_status(cairo), cairo_surface_status(surface)] where status != CAIRO_STATUS_SUCCESS {
            throw .library(name: "cairo", message: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Ends the current page, if any, and starts the next one with the cursor at the top margin.
    func startPage() throws(ExportError) {
        try endPage()
        pageNumber += 1
        pageOpen = true
        y = Self.margin
    }

    /// Draws the footer and emits the current page.
    func endPage() throws(ExportError) {
        guard pageOpen else { return }
        setGray(0.35)
        let footerY = Self.height - Self.margin
        text(footer, style: .small, x: Self.margin, y: footerY, width: Self.width / 2)
        text(
            "Page \(pageNumber)", style: .small, x: Self.width - Self.margin - 100, y: footerY, width: 100,
            alignment: .right)
        setGray(0)
        cairo_show_page(cairo)
        pageOpen = false
        try check()
    }

    /// Ends the last page and completes the PDF (fonts, cross-reference table) into the output.
    func finish() throws(ExportError) {
        try endPage()
        cairo_surface_finish(surface)
        try check()
    }

    /// Whether `height` more points fit above the bottom margin.
    func fits(_ height: Double) -> Bool { y + height <= Self.bottom }

    // MARK: Text

    /// Draws text with its top-left corner at (x, y) in at most `lines` lines of `width`, the last one ending
    /// in an ellipsis when the text does not fit. Text after a NUL character is not drawn.
    func text(
        _ value: String, style: Style, x: Double, y: Double, width: Double? = nil, alignment: Alignment = .left,
        lines: Int = 1
    ) {
        let layout = prepare(value, style: style, width: width, alignment: alignment, lines: lines)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
    }

    /// Draws a wrapped paragraph at the cursor, line by line, starting new pages as it runs past the bottom;
    /// the cursor ends under it.
    func paragraph(_ value: String, style: Style, x: Double, width: Double) throws(ExportError) {
        let layout = prepare(value, style: style, width: width, alignment: .left, lines: nil)
        guard let iterator = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iterator) }
        var shift = y  // page y of the layout's top
        repeat {
            var top: Int32 = 0
            var bottom: Int32 = 0
            pango_layout_iter_get_line_yrange(iterator, &top, &bottom)
            let lineTop = Double(top) / Double(PANGO_SCALE)
            let lineHeight = Double(bottom - top) / Double(PANGO_SCALE)
            if shift + lineTop + lineHeight > Self.bottom {
                try startPage()
                shift = y - lineTop
            }
            let baseline = Double(pango_layout_iter_get_baseline(iterator)) / Double(PANGO_SCALE)
            cairo_move_to(cairo, x, shift + baseline)
            pango_cairo_show_layout_line(cairo, pango_layout_iter_get_line_readonly(iterator))
            y = shift + lineTop + lineHeight
        } while pango_layout_iter_next_line(iterator) != 0
    }

    /// Sets up the style's layout for `value`: wrapped at `width` into at most `lines` lines (nil: any number,
    /// paragraphs kept), the last one ellipsized.
    private func prepare(
        _ value: String, style: Style, width: Double?, alignment: Alignment, lines: Int?
    ) -> OpaquePointer {
        let layout = layouts[style.rawValue]
        value.withCString { pango_layout_set_text(layout, $0, -1) }
        pango_layout_set_width(layout, width.map { Int32($0 * Double(PANGO_SCALE)) } ?? -1)
        pango_layout_set_single_paragraph_mode(layout, lines == nil ? 0 : 1)
        pango_layout_set_height(layout, Int32(-(lines ?? 1)))
        pango_layout_set_ellipsize(layout, lines == nil || width == nil ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        let pangoAlignment =
            switch alignment {
            case .left: PANGO_ALIGN_LEFT
            case .right: PANGO_ALIGN_RIGHT
            case .center: PANGO_ALIGN_CENTER
            }
        pango_layout_set_alignment(layout, pangoAlignment)
        return layout
    }

    // MARK: Shapes

    func setGray(_ level: Double) {
        cairo_set_source_rgb(cairo, level, level, level)
    }

    func setColor(red: Double, green: Double, blue: Double) {
        cairo_set_source_rgb(cairo, red, green, blue)
    }

    func fillRectangle(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(cairo, x, y, width, height)
        cairo_fill(cairo)
    }

    func strokeLine(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double) {
        cairo_set_line_width(cairo, width)
        cairo_move_to(cairo, start.x, start.y)
        cairo_line_to(cairo, end.x, end.y)
        cairo_stroke(cairo)
    }

    func moveTo(_ x: Double, _ y: Double) { cairo_move_to(cairo, x, y) }
    func lineTo(_ x: Double, _ y: Double) { cairo_line_to(cairo, x, y) }

    /// Strokes the current path with round joins (a polyline of many short segments stays smooth).
    func stroke(width: Double) {
        cairo_set_line_width(cairo, width)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        cairo_stroke(cairo)
    }

    func fillCircle(x: Double, y: Double, radius: Double) {
        cairo_new_sub_path(cairo)
        cairo_arc(cairo, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(cairo)
    }
}

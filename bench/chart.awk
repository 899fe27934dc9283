# An SVG bar chart of the real-thread ratios, from the interleaved table
# (`CHANCHECK_BENCH_AB=1 cargo bench --bench real_threads`: shape crossbeam chancheck
# chancheck_in_verify ratio ratio_in_verify per line). Two bars per shape (chancheck / crossbeam,
# outside and inside `verify`), the 1.00x and 1.10x lines marked. Used by bench/compare.sh.
{ shape[NR] = $1; out[NR] = $5; ver[NR] = $6; n = NR }
END {
    top = 2.0
    for (i = 1; i <= n; i++) { if (out[i] > top) top = out[i]; if (ver[i] > top) top = ver[i] }
    top = int(top * 2 + 1) / 2
    w = 120 * n + 80; h = 300; base = 250; scale = 220 / top
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", w, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"10\" y=\"16\" font-size=\"13\">chancheck / raw crossbeam, ns per operation (lower is better)</text>\n"
    split("1.00 1.10", marks, " ")
    for (m = 1; m <= 2; m++) {
        y = base - marks[m] * scale
        printf "<line x1=\"50\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>\n", w - 10, y, y, (m == 1 ? "#888" : "#c33")
        printf "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%sx</text>\n", (m == 1 ? 8 : w - 44), y + (m == 1 ? 8 : -3), (m == 1 ? "#888" : "#c33"), marks[m]
    }
    for (i = 1; i <= n; i++) {
        x = 60 + (i - 1) * 120
        printf "<rect x=\"%d\" y=\"%.1f\" width=\"40\" height=\"%.1f\" fill=\"#4a7ebb\"/>\n", x, base - out[i] * scale, out[i] * scale
        printf "<rect x=\"%d\" y=\"%.1f\" width=\"40\" height=\"%.1f\" fill=\"#e0a040\"/>\n", x + 44, base - ver[i] * scale, ver[i] * scale
        printf "<text x=\"%d\" y=\"%.1f\">%.2f</text>\n", x + 4, base - out[i] * scale - 4, out[i]
        printf "<text x=\"%d\" y=\"%.1f\">%.2f</text>\n", x + 48, base - ver[i] * scale - 4, ver[i]
        printf "<text x=\"%d\" y=\"%d\">%s</text>\n", x, base + 16, shape[i]
    }
    printf "<rect x=\"60\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#4a7ebb\"/><text x=\"74\" y=\"%d\">chancheck</text>\n", base + 30, base + 39
    printf "<rect x=\"160\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#e0a040\"/><text x=\"174\" y=\"%d\">chancheck inside check::verify</text>\n", base + 30, base + 39
    printf "</svg>\n"
}

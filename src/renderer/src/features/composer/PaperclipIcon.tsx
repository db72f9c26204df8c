/**
 * A paperclip drawn in SVG: the emoji has no glyph in the fonts many Linux desktops ship (it showed as an empty box
 * in Debian's Chromium). Decorative; the text beside it names the file.
 */
export function PaperclipIcon() {
  return (
    <svg className="paperclip" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        d="M10.5 4.5 5.6 9.4a1.5 1.5 0 0 0 2.1 2.1l5.3-5.3a3 3 0 0 0-4.2-4.2L3.4 7.4a4.5 4.5 0 0 0 6.4 6.4l4.2-4.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

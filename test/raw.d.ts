/** Vite's `?raw` imports: a file's text, as the tests read the alerting rules. */
declare module '*?raw' {
  const text: string;
  export default text;
}

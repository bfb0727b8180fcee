/** A page's source, bundled as text (esbuild's `text` loader in serverless.yml; a jest transform in tests). */
declare module '*.html' {
  const source: string;
  export default source;
}

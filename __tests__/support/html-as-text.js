/** Jest transform: an imported .html file is its text, as esbuild's `text` loader bundles it (serverless.yml). */
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};

// A .py file imported by the extension is its text (esbuild's text loader, esbuild.js).
declare module '*.py' {
  const text: string;
  export default text;
}

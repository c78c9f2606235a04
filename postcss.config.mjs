// Tailwind CSS v4 through PostCSS (Next picks this file up); the theme lives in app/globals.css.
export default { plugins: { "@tailwindcss/postcss": {} } };

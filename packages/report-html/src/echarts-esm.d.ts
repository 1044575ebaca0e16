// ECharts' one-file ESM build: it loads in ~0.1 s where the package's many-module entry takes ~1 s,
// which matters because a report is written after every run. Its API is the package's.
declare module 'echarts/dist/echarts.esm.min' {
  export * from 'echarts';
}

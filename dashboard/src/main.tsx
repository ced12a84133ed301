import { render } from 'preact'
import { App } from './app'
import { applyTheme } from './theme'
import './styles.css'
import 'uplot/dist/uPlot.min.css'

applyTheme()
const root = document.getElementById('app')
if (root) render(<App />, root)
